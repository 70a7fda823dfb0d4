package gg.suggestions.eventstore.contract.legacy;

import gg.suggestions.eventstore.contract.guildconfig.GuildChannel;
import gg.suggestions.eventstore.contract.guildconfig.GuildToggle;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The old bot's data of one guild, or a part of it: the first command of a guild opens it for the
 * import with the old bot's settings, and each carries some of its suggestions, queue items and
 * statistics. Opening is refused when the guild already has history here, unless {@code merge}:
 * then its own settings stay and only the blocklist is joined. An item whose id is taken is not
 * written: counted as present when an import wrote it before, as a conflict otherwise. Sent without
 * a guild ({@code guildId} null), it carries only statistics recorded outside any guild.
 *
 * @param channels the old bot's channels, by setting; {@code null} in a guild's later commands
 * @param toggles the old bot's on/off settings, by setting; {@code null} in later commands
 * @param blockedUserIds members on the old bot's blocklist (a long one spread over commands)
 * @param suggestions suggestions with their first button voters
 * @param queue queue items
 * @param interactions statistics, written as interaction records at their original times
 */
public record ImportLegacyGuild(
    String guildId,
    boolean merge,
    Map<GuildChannel, String> channels,
    Map<GuildToggle, Boolean> toggles,
    List<String> blockedUserIds,
    List<LegacySuggestion> suggestions,
    List<QueuedSuggestionImported> queue,
    List<LegacyInteraction> interactions) {

  /**
   * One suggestion and its button voters; one with more voters than a command holds gets the rest
   * through {@link ImportLegacyVotes}.
   */
  public record LegacySuggestion(
      SuggestionImported suggestion, List<String> upVoterIds, List<String> downVoterIds) {}

  /**
   * One command a member used.
   *
   * @param command the old bot's command name, or {@link LegacyImports#LOCALE_ONLY}
   * @param locale the member's locale, or {@code null} where the old bot did not record it
   */
  public record LegacyInteraction(
      String actorId, String command, String locale, boolean completed, Instant at) {}
}
