package gg.suggestions.eventstore.contract.suggestion;

import org.axonframework.serialization.Revision;

/** The suggestion's discussion thread was created. */
@Revision("1")
public record SuggestionThreadCreated(String guildId, String suggestionId, String threadId) {}
