package gg.suggestions.eventstore.contract.suggestion;

import org.axonframework.serialization.Revision;

/** A pending suggestion was rejected. */
@Revision("1")
public record SuggestionRejected(
    String guildId, String suggestionId, String moderatorId, String response) {}
