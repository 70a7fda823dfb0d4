package gg.suggestions.command.suggestion;

import gg.suggestions.command.outcome.Outcome;
import java.time.Instant;

/**
 * The guild's suggestion limit: admits a member's submission, recording it, or refuses it with how
 * long to wait. The command node backs this with the guild's {@code GuildConfig}.
 */
@FunctionalInterface
public interface Admissions {

  Outcome admit(String guildId, String authorId, String suggestionId, Instant at);
}
