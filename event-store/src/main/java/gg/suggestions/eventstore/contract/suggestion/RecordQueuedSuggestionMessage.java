package gg.suggestions.eventstore.contract.suggestion;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * The gateway posted a channel-queue item to the queue channel: records where, so the Discord id is
 * an event too.
 */
public record RecordQueuedSuggestionMessage(
    String guildId, String queueId, String channelId, String messageId) {

  /** The queued item this command is for. */
  @TargetAggregateIdentifier
  public String queueKey() {
    return QueueKey.of(guildId, queueId);
  }
}
