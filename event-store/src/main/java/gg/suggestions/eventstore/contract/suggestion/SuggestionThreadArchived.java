package gg.suggestions.eventstore.contract.suggestion;

import org.axonframework.serialization.Revision;

/** The suggestion's discussion thread was locked and archived. */
@Revision("1")
public record SuggestionThreadArchived(String guildId, String suggestionId, String threadId) {}
