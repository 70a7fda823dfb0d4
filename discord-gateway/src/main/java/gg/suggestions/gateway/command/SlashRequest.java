package gg.suggestions.gateway.command;

import gg.suggestions.eventstore.contract.Actor;
import gg.suggestions.eventstore.contract.suggestion.SuggestionImage;
import gg.suggestions.eventstore.limits.Limits;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A slash command as the router captured it from Discord, with no JDA type in it, so turning it
 * into a command is a pure function that tests call directly.
 *
 * @param interactionId Discord's interaction id: the command's idempotency key
 * @param name the command's full name, such as {@code approve} or {@code notes add}
 * @param options the options the user gave, by option name, as text
 * @param attachment the attached file, or {@code null}
 * @param guildId the guild, or {@code null} in a DM
 * @param actor who ran it, with their permissions and roles at that moment
 * @param locale the user's Discord locale
 * @param guildLocale the guild's locale, or {@code null}
 */
public record SlashRequest(
    String interactionId,
    String name,
    Map<String, String> options,
    SuggestionImage attachment,
    String guildId,
    Actor actor,
    String locale,
    String guildLocale,
    Instant issuedAt) {

  public SlashRequest {
    options = Map.copyOf(options);
  }

  /**
   * An option the user gave, if not blank. A member or channel option that is not a Discord id, and
   * text that breaks the platform's {@link Limits} (a control character, half a surrogate pair,
   * more than {@value Limits#TEXT_MAX} characters) is refused here with a message naming the
   * option, before anything is sent.
   */
  public Optional<String> option(String name) {
    Optional<String> value = Optional.ofNullable(options.get(name)).filter(v -> !v.isBlank());
    value.ifPresent(v -> check(name, v));
    return value;
  }

  private static void check(String name, String value) {
    if (DISCORD_IDS.contains(name) && !Limits.isSnowflake(value)) {
      throw new InvalidInput("input.bad_id", name);
    }
    if (Limits.text(name, value, Limits.TEXT_MAX).isPresent()) {
      throw new InvalidInput("input.bad_text", name, Limits.TEXT_MAX);
    }
  }

  /** Options whose value Discord fills in with an id: a member, a channel. */
  private static final Set<String> DISCORD_IDS = Set.of(Options.USER, Options.CHANNEL);

  /** A required option; Discord enforces it, so its absence means a stale registration. */
  public String required(String name) {
    return option(name).orElseThrow(() -> new InvalidInput("input.missing_option", name));
  }

  /**
   * A required sID or queue id as typed: 8 characters of a-z and 0-9, any case, spaces around; it
   * is checked here so a typo gets a precise message without a round trip.
   */
  public String shortId(String name) {
    String typed = required(name);
    String id = typed.strip().toLowerCase(Locale.ROOT);
    if (!id.matches("[a-z0-9]{8}")) {
      throw new InvalidInput("input.bad_suggestion_id", shown(typed.strip()));
    }
    return id;
  }

  /** At most {@value Limits#QUOTE_MAX} characters of what the user typed, to show it back. */
  private static String shown(String typed) {
    return typed.length() <= Limits.QUOTE_MAX ? typed : typed.substring(0, Limits.QUOTE_MAX) + "…";
  }

  /** The guild; a guild-only command run in a DM is refused. */
  public String guild() {
    if (guildId == null) {
      throw new InvalidInput("input.guild_only");
    }
    return guildId;
  }
}
