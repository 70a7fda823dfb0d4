package gg.suggestions.eventstore.contract.suggestion;

import gg.suggestions.eventstore.contract.Personal;
import org.axonframework.serialization.Revision;

/**
 * A queued suggestion was approved and published as the suggestion {@code suggestionId}, whose
 * {@link SuggestionSubmitted} follows in the same transaction; the response, if any, became its
 * note.
 */
@Revision("1")
public record QueuedSuggestionApproved(
    String guildId,
    String queueId,
    @Personal(of = "moderatorId") String moderatorId,
    @Personal(of = "moderatorId") String response,
    String suggestionId) {}
