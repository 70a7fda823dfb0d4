package gg.suggestions.query.projection.queue;

import gg.suggestions.eventstore.contract.suggestion.QueueMode;
import gg.suggestions.eventstore.contract.suggestion.SuggestionImage;
import java.time.Instant;

/**
 * One queued suggestion as the read side shows it, waiting or resolved.
 *
 * @param resolution who approved, rejected or cleared it, or {@code null} while it waits
 * @param publishedAs the sID it was published as once approved, or {@code null}
 * @param messageId its message in the queue channel (channel mode), or {@code null}
 */
public record QueuedItemRow(
    String guildId,
    String queueId,
    String authorId,
    String text,
    SuggestionImage image,
    boolean anonymous,
    QueueMode mode,
    State state,
    Instant queuedAt,
    Resolution resolution,
    String publishedAs,
    String channelId,
    String messageId,
    long lastSequence) {

  public enum State {
    QUEUED,
    APPROVED,
    REJECTED,
    CLEARED
  }

  public record Resolution(String moderatorId, String response, Instant at) {}

  /** The item approved, rejected or cleared; {@code publishedAs} is the sID of an approved one. */
  QueuedItemRow resolved(State state, Resolution resolution, String publishedAs) {
    return new QueuedItemRow(
        guildId,
        queueId,
        authorId,
        text,
        image,
        anonymous,
        mode,
        state,
        queuedAt,
        resolution,
        publishedAs,
        channelId,
        messageId,
        lastSequence);
  }

  /** The item with its message in the queue channel. */
  QueuedItemRow postedAt(String channelId, String messageId) {
    return new QueuedItemRow(
        guildId,
        queueId,
        authorId,
        text,
        image,
        anonymous,
        mode,
        state,
        queuedAt,
        resolution,
        publishedAs,
        channelId,
        messageId,
        lastSequence);
  }

  QueuedItemRow at(long sequence) {
    return new QueuedItemRow(
        guildId,
        queueId,
        authorId,
        text,
        image,
        anonymous,
        mode,
        state,
        queuedAt,
        resolution,
        publishedAs,
        channelId,
        messageId,
        sequence);
  }
}
