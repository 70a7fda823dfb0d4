package gg.suggestions.eventstore.contract.suggestion;

import org.axonframework.serialization.Revision;

/** A channel-queue item's message was posted to the queue channel. */
@Revision("1")
public record QueuedSuggestionMessagePosted(
    String guildId, String queueId, String channelId, String messageId) {}
