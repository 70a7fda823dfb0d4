package gg.suggestions.eventstore.contract.suggestion;

/** Submits a new suggestion to the guild (everyone); the author is the command's actor. */
public record SubmitSuggestion(String guildId, String text, boolean anonymous) {}
