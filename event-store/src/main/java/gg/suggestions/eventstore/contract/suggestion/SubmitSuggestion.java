package gg.suggestions.eventstore.contract.suggestion;

/**
 * Submits a new suggestion to the guild (everyone); the author is the command's actor.
 *
 * @param image an optional attachment, or {@code null}
 */
public record SubmitSuggestion(
    String guildId, String text, SuggestionImage image, boolean anonymous) {}
