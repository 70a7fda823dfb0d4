package gg.suggestions.eventstore.contract.suggestion;

import org.axonframework.serialization.Revision;

/** A queued suggestion was rejected; it is never published. */
@Revision("1")
public record QueuedSuggestionRejected(
    String guildId, String queueId, String moderatorId, String response) {}
