package gg.suggestions.eventstore.contract.suggestion;

import org.axonframework.serialization.Revision;

/** The suggestion's message is gone from Discord. */
@Revision("1")
public record SuggestionMessageDeleted(String guildId, String suggestionId, String messageId) {}
