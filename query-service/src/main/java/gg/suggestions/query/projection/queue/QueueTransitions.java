package gg.suggestions.query.projection.queue;

import gg.suggestions.eventstore.contract.suggestion.QueuedSuggestionApproved;
import gg.suggestions.eventstore.contract.suggestion.QueuedSuggestionCleared;
import gg.suggestions.eventstore.contract.suggestion.QueuedSuggestionMessagePosted;
import gg.suggestions.eventstore.contract.suggestion.QueuedSuggestionRejected;
import gg.suggestions.eventstore.contract.suggestion.SuggestionQueued;
import gg.suggestions.query.projection.queue.QueuedItemRow.Resolution;
import gg.suggestions.query.projection.queue.QueuedItemRow.State;
import java.time.Instant;

/** The pure transitions of the queue projection, shared by the live handler and the rebuild. */
public final class QueueTransitions {

  private QueueTransitions() {}

  public static QueuedItemRow queued(SuggestionQueued e, long sequence, Instant at) {
    return new QueuedItemRow(
        e.guildId(),
        e.queueId(),
        e.authorId(),
        e.text(),
        e.image(),
        e.anonymous(),
        e.mode(),
        State.QUEUED,
        at,
        null,
        null,
        null,
        null,
        sequence);
  }

  /** The row after a resolution or Discord fact, at {@code sequence}. */
  public static QueuedItemRow apply(QueuedItemRow row, Object event, long sequence, Instant at) {
    State state = row.state();
    Resolution resolution = row.resolution();
    String publishedAs = row.publishedAs();
    String channelId = row.channelId();
    String messageId = row.messageId();
    if (event instanceof QueuedSuggestionApproved e) {
      state = State.APPROVED;
      resolution = new Resolution(e.moderatorId(), e.response(), at);
      publishedAs = e.suggestionId();
    } else if (event instanceof QueuedSuggestionRejected e) {
      state = State.REJECTED;
      resolution = new Resolution(e.moderatorId(), e.response(), at);
    } else if (event instanceof QueuedSuggestionCleared e) {
      state = State.CLEARED;
      resolution = new Resolution(e.moderatorId(), e.response(), at);
    } else if (event instanceof QueuedSuggestionMessagePosted e) {
      channelId = e.channelId();
      messageId = e.messageId();
    }
    return new QueuedItemRow(
        row.guildId(),
        row.queueId(),
        row.authorId(),
        row.text(),
        row.image(),
        row.anonymous(),
        row.mode(),
        state,
        row.queuedAt(),
        resolution,
        publishedAs,
        channelId,
        messageId,
        sequence);
  }
}
