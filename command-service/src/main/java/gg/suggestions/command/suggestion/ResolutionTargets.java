package gg.suggestions.command.suggestion;

/**
 * Whether a guild has somewhere to put resolved suggestions: a log channel, or {@code keep_logs} on
 * (then the message is edited in place). Injected into the {@link Suggestion} handlers that
 * resolve.
 */
@FunctionalInterface
public interface ResolutionTargets {

  boolean existIn(String guildId);
}
