package gg.suggestions.eventstore.contract.suggestion;

import org.axonframework.serialization.Revision;

/**
 * A queued suggestion was approved and published as the suggestion {@code suggestionId}, whose
 * {@link SuggestionSubmitted} follows in the same transaction; the response, if any, became its
 * note.
 */
@Revision("1")
public record QueuedSuggestionApproved(
    String guildId, String queueId, String moderatorId, String response, String suggestionId) {}
