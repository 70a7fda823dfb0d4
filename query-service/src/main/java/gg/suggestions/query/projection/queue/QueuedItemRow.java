package gg.suggestions.query.projection.queue;

import gg.suggestions.eventstore.contract.suggestion.QueueMode;
import gg.suggestions.eventstore.contract.suggestion.SuggestionImage;
import gg.suggestions.eventstore.privacy.Sealing;
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

  /**
   * The item without {@code member}: as author, their id becomes {@code pseudonym} and their text
   * and image name and address "[removed]"; as resolver, the same for their id and response.
   */
  QueuedItemRow forgetting(String member, String pseudonym) {
    boolean author = member.equals(authorId);
    boolean resolver = resolution != null && member.equals(resolution.moderatorId());
    SuggestionImage scrubbedImage =
        !author || image == null
            ? image
            : new SuggestionImage(
                image.url() == null ? null : Sealing.REMOVED,
                image.fileName() == null ? null : Sealing.REMOVED,
                image.sizeBytes());
    return new QueuedItemRow(
        guildId,
        queueId,
        author ? pseudonym : authorId,
        author && text != null ? Sealing.REMOVED : text,
        scrubbedImage,
        anonymous,
        mode,
        state,
        queuedAt,
        !resolver
            ? resolution
            : new Resolution(
                pseudonym, resolution.response() == null ? null : Sealing.REMOVED, resolution.at()),
        publishedAs,
        channelId,
        messageId,
        lastSequence);
  }

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
