package gg.suggestions.eventstore.contract.suggestion;

import gg.suggestions.eventstore.contract.Personal;
import org.axonframework.serialization.Revision;

/** A queued suggestion was rejected; it is never published. */
@Revision("1")
public record QueuedSuggestionRejected(
    String guildId,
    String queueId,
    @Personal(of = "moderatorId") String moderatorId,
    @Personal(of = "moderatorId") String response) {}
