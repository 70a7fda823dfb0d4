package gg.suggestions.eventstore.contract.legacy;

import java.time.Instant;
import java.util.List;

/**
 * Writes the old bot's statistics of one guild (or of no guild, {@code guildId} null) as
 * interaction records with their original times; no events. Sent for a guild, the guild must have
 * been opened by {@link ImportLegacyGuild}.
 */
public record ImportLegacyInteractions(String guildId, List<LegacyInteraction> interactions) {

  /**
   * One command a member used.
   *
   * @param command the old bot's command name, or {@link LegacyImports#LOCALE_ONLY}
   * @param locale the member's locale, or {@code null} where the old bot did not record it
   */
  public record LegacyInteraction(
      String actorId, String command, String locale, boolean completed, Instant at) {}
}
