package gg.suggestions.eventstore.contract.suggestion;

import gg.suggestions.eventstore.contract.Personal;
import org.axonframework.serialization.Revision;

/** A queued item was cleared: it leaves the queue, whatever its state. */
@Revision("1")
public record QueuedSuggestionCleared(
    String guildId,
    String queueId,
    @Personal(of = "moderatorId") String moderatorId,
    @Personal(of = "moderatorId") String response) {}
