package gg.suggestions.eventstore.contract.suggestion;

import org.axonframework.serialization.Revision;

/** A pending suggestion was approved. */
@Revision("1")
public record SuggestionApproved(
    String guildId, String suggestionId, String moderatorId, String response) {}
