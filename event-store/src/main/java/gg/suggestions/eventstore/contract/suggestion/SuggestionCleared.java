package gg.suggestions.eventstore.contract.suggestion;

import org.axonframework.serialization.Revision;

/** A suggestion was cleared. */
@Revision("1")
public record SuggestionCleared(
    String guildId, String suggestionId, String moderatorId, String response) {}
