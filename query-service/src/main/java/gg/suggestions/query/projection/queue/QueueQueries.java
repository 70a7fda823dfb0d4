package gg.suggestions.query.projection.queue;

import gg.suggestions.eventstore.contract.suggestion.QueueMode;
import gg.suggestions.query.projection.JsonColumns;
import gg.suggestions.query.projection.ProjectionProcessor;
import gg.suggestions.query.projection.store.JdbcStore;
import gg.suggestions.query.projection.store.Store;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;

/** Reads of the queue projection for the query API. */
public final class QueueQueries {

  /** The projection's table, as {@link QueueProjection} describes it. */
  private static final String TABLE =
      ProjectionProcessor.schemaOf(QueueProjection.NAME) + "." + QueueProjection.TABLE.name();

  private final JdbcTemplate jdbc;
  private final Store.Rows<QueuedItemRow> rows;

  public QueueQueries(JdbcTemplate jdbc) {
    this.jdbc = jdbc;
    this.rows = JdbcStore.live(jdbc, QueueProjection.NAME).rows(QueueProjection.TABLE);
  }

  public Optional<QueuedItemRow> find(String guildId, String queueId) {
    return rows.find(guildId, queueId);
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
}
