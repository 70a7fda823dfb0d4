package gg.suggestions.query.projection.queue;

import gg.suggestions.eventstore.contract.suggestion.QueueMode;
import gg.suggestions.eventstore.contract.suggestion.QueuedSuggestionApproved;
import gg.suggestions.eventstore.contract.suggestion.QueuedSuggestionCleared;
import gg.suggestions.eventstore.contract.suggestion.QueuedSuggestionMessagePosted;
import gg.suggestions.eventstore.contract.suggestion.QueuedSuggestionRejected;
import gg.suggestions.eventstore.contract.suggestion.SuggestionQueued;
import gg.suggestions.query.projection.JsonColumns;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.eventhandling.Timestamp;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The queue read model: each queued item with its mode and state, for {@code /queue view} (the
 * waiting items, oldest first) and {@code /queue info} (waiting items per mode).
 */
public final class QueueProjection {

  public static final String NAME = "queue";
  private static final String TABLE = "p_queue.queued_item";

  private final JdbcTemplate jdbc;

  public QueueProjection(JdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  public Optional<QueuedItemRow> find(String guildId, String queueId) {
    return jdbc
        .queryForList(
            "SELECT item FROM " + TABLE + " WHERE guild_id = ? AND queue_id = ?",
            String.class,
            guildId,
            queueId)
        .stream()
        .findFirst()
        .map(json -> JsonColumns.read(json, QueuedItemRow.class));
  }

  /** A page of the guild's waiting items, oldest first, as {@code /queue view} pages them. */
  public List<QueuedItemRow> waiting(String guildId, int page, int size) {
    return jdbc
        .queryForList(
            "SELECT item FROM "
                + TABLE
                + " WHERE guild_id = ? AND state = 'QUEUED'"
                + " ORDER BY queued_at, queue_id LIMIT ? OFFSET ?",
            String.class,
            guildId,
            size,
            (long) page * size)
        .stream()
        .map(json -> JsonColumns.read(json, QueuedItemRow.class))
        .toList();
  }

  /** How many items wait in each mode; a mode without any counts 0. */
  public Map<QueueMode, Long> waitingPerMode(String guildId) {
    Map<QueueMode, Long> counts = new EnumMap<>(QueueMode.class);
    for (QueueMode mode : QueueMode.values()) {
      counts.put(mode, 0L);
    }
    jdbc.query(
        "SELECT mode, count(*) FROM "
            + TABLE
            + " WHERE guild_id = ? AND state = 'QUEUED'"
            + " GROUP BY mode",
        rs -> {
          counts.put(QueueMode.valueOf(rs.getString(1)), rs.getLong(2));
        },
        guildId);
    return counts;
  }

  @EventHandler
  void on(SuggestionQueued e, @SequenceNumber Long sequence, @Timestamp Instant at) {
    save(QueueTransitions.queued(e, sequence, at));
  }

  @EventHandler
  void on(QueuedSuggestionApproved e, @SequenceNumber Long sequence, @Timestamp Instant at) {
    change(e.guildId(), e.queueId(), e, sequence, at);
  }

  @EventHandler
  void on(QueuedSuggestionRejected e, @SequenceNumber Long sequence, @Timestamp Instant at) {
    change(e.guildId(), e.queueId(), e, sequence, at);
  }

  @EventHandler
  void on(QueuedSuggestionCleared e, @SequenceNumber Long sequence, @Timestamp Instant at) {
    change(e.guildId(), e.queueId(), e, sequence, at);
  }

  @EventHandler
  void on(QueuedSuggestionMessagePosted e, @SequenceNumber Long sequence, @Timestamp Instant at) {
    change(e.guildId(), e.queueId(), e, sequence, at);
  }

  private void change(String guildId, String queueId, Object event, long sequence, Instant at) {
    QueuedItemRow row =
        find(guildId, queueId)
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        "Queued item " + guildId + "/" + queueId + " is not in the projection"));
    if (row.lastSequence() < sequence) {
      save(QueueTransitions.apply(row, event, sequence, at));
    }
  }

  private void save(QueuedItemRow row) {
    jdbc.update(
        "INSERT INTO "
            + TABLE
            + " AS q"
            + " (guild_id, queue_id, mode, state, queued_at, item, last_sequence)"
            + " VALUES (?, ?, ?, ?, ?, ?::jsonb, ?) ON CONFLICT (guild_id, queue_id) DO UPDATE"
            + " SET state = EXCLUDED.state, item = EXCLUDED.item,"
            + " last_sequence = EXCLUDED.last_sequence"
            + " WHERE q.last_sequence < EXCLUDED.last_sequence",
        row.guildId(),
        row.queueId(),
        row.mode().name(),
        row.state().name(),
        java.sql.Timestamp.from(row.queuedAt()),
        JsonColumns.write(row),
        row.lastSequence());
  }
}
