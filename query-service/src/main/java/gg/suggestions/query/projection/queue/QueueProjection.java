package gg.suggestions.query.projection.queue;

import gg.suggestions.eventstore.contract.legacy.QueuedSuggestionImported;
import gg.suggestions.eventstore.contract.suggestion.QueueMode;
import gg.suggestions.eventstore.contract.suggestion.QueuedSuggestionApproved;
import gg.suggestions.eventstore.contract.suggestion.QueuedSuggestionCleared;
import gg.suggestions.eventstore.contract.suggestion.QueuedSuggestionMessagePosted;
import gg.suggestions.eventstore.contract.suggestion.QueuedSuggestionRejected;
import gg.suggestions.eventstore.contract.suggestion.SuggestionImage;
import gg.suggestions.eventstore.contract.suggestion.SuggestionQueued;
import gg.suggestions.eventstore.contract.userconfig.MemberForgotten;
import gg.suggestions.query.projection.ForgottenMembers;
import gg.suggestions.query.projection.JsonColumns;
import gg.suggestions.query.projection.queue.QueuedItemRow.Resolution;
import gg.suggestions.query.projection.queue.QueuedItemRow.State;
import gg.suggestions.query.projection.store.Store;
import gg.suggestions.query.projection.store.Table;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.eventhandling.Timestamp;

/**
 * The queue read model: each queued item with its mode and state, for {@code /queue view} (the
 * waiting items, oldest first) and {@code /queue info} (waiting items per mode). Its rules are
 * written once, for the live database and a rebuild's memory alike.
 */
public final class QueueProjection {

  public static final String NAME = "queue";

  /** Each item, waiting or resolved, guarded by the sequence of the last event applied. */
  static final Table<QueuedItemRow> TABLE =
      new Table<>(
          "queued_item",
          List.of("guild_id", "queue_id", "mode", "state", "queued_at", "item", "last_sequence"),
          2,
          row -> List.of(row.guildId(), row.queueId()),
          row ->
              new Object[] {
                row.guildId(),
                row.queueId(),
                row.mode().name(),
                row.state().name(),
                row.queuedAt(),
                JsonColumns.write(row),
                row.lastSequence()
              },
          (rs, i) -> JsonColumns.read(rs.getString("item"), QueuedItemRow.class),
          Set.of("item"),
          "last_sequence");

  private final Store store;
  private final Store.Rows<QueuedItemRow> rows;

  public QueueProjection(Store store) {
    this.store = store;
    this.rows = store.rows(TABLE);
  }

  /** A forgotten member's queued items and resolutions lose their id and texts. */
  @EventHandler
  void on(MemberForgotten e) {
    ForgottenMembers.of(e, NAME)
        .forEach(
            (member, pseudonym) -> {
              for (QueuedItemRow row : store.rowsMentioning(TABLE, "item", member)) {
                QueuedItemRow scrubbed = row.forgetting(member, pseudonym);
                if (!scrubbed.equals(row)) {
                  rows.replace(scrubbed);
                }
              }
            });
  }

  @EventHandler
  void on(SuggestionQueued e, @SequenceNumber Long sequence, @Timestamp Instant at) {
    if (rows.find(e.guildId(), e.queueId()).isEmpty()) {
      rows.put(
          new QueuedItemRow(
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
              sequence));
    }
  }

  /** An item of the old bot's queue, as it stood at the export, with its original times. */
  @EventHandler
  void on(QueuedSuggestionImported e, @SequenceNumber Long sequence) {
    if (rows.find(e.guildId(), e.queueId()).isEmpty()) {
      State state = State.valueOf(e.state().toUpperCase(Locale.ROOT));
      rows.put(
          new QueuedItemRow(
              e.guildId(),
              e.queueId(),
              e.authorId(),
              e.text(),
              SuggestionImage.ofAddress(e.imageUrl()),
              e.anonymous(),
              e.channelId() == null ? QueueMode.VIRTUAL : QueueMode.CHANNEL,
              state,
              e.createdAt(),
              state == State.QUEUED
                  ? null
                  : new Resolution(
                      e.resolverId(),
                      e.response(),
                      e.resolvedAt() == null ? e.createdAt() : e.resolvedAt()),
              e.suggestionId(),
              e.channelId(),
              e.messageId(),
              sequence));
    }
  }

  @EventHandler
  void on(QueuedSuggestionApproved e, @SequenceNumber Long sequence, @Timestamp Instant at) {
    var resolution = new Resolution(e.moderatorId(), e.response(), at);
    change(
        e.guildId(),
        e.queueId(),
        sequence,
        row -> row.resolved(State.APPROVED, resolution, e.suggestionId()));
  }

  @EventHandler
  void on(QueuedSuggestionRejected e, @SequenceNumber Long sequence, @Timestamp Instant at) {
    var resolution = new Resolution(e.moderatorId(), e.response(), at);
    change(
        e.guildId(),
        e.queueId(),
        sequence,
        row -> row.resolved(State.REJECTED, resolution, row.publishedAs()));
  }

  @EventHandler
  void on(QueuedSuggestionCleared e, @SequenceNumber Long sequence, @Timestamp Instant at) {
    var resolution = new Resolution(e.moderatorId(), e.response(), at);
    change(
        e.guildId(),
        e.queueId(),
        sequence,
        row -> row.resolved(State.CLEARED, resolution, row.publishedAs()));
  }

  @EventHandler
  void on(QueuedSuggestionMessagePosted e, @SequenceNumber Long sequence) {
    change(e.guildId(), e.queueId(), sequence, row -> row.postedAt(e.channelId(), e.messageId()));
  }

  /** Applies {@code next} unless the row holds this event already (a redelivery). */
  private void change(
      String guildId, String queueId, long sequence, UnaryOperator<QueuedItemRow> next) {
    QueuedItemRow row =
        rows.find(guildId, queueId)
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        "Queued item " + guildId + "/" + queueId + " is not in the projection"));
    if (row.lastSequence() < sequence) {
      rows.put(next.apply(row).at(sequence));
    }
  }
}
