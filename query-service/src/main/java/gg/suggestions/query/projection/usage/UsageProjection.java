package gg.suggestions.query.projection.usage;

import gg.suggestions.eventstore.envelope.InteractionEnvelope;
import gg.suggestions.eventstore.log.KafkaEventLogSource;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.messaging.annotation.MetaDataValue;
import org.springframework.jdbc.core.JdbcTemplate;

/** Usage from the interaction records: how many interactions each hour (UTC). */
public final class UsageProjection {

  public static final String NAME = "usage";
  private static final String TABLE = "p_usage.hourly_interactions";

  public record HourlyInteractions(Instant hour, long interactions) {}

  private final JdbcTemplate jdbc;

  public UsageProjection(JdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  @EventHandler
  void on(
      InteractionEnvelope interaction,
      @MetaDataValue(KafkaEventLogSource.PARTITION) Integer partition) {
    jdbc.update(
        "INSERT INTO "
            + TABLE
            + " AS h (hour, log_partition, interactions) VALUES (?, ?, 1)"
            + " ON CONFLICT (hour, log_partition) DO UPDATE SET interactions = h.interactions + 1",
        Timestamp.from(interaction.handledAt().truncatedTo(ChronoUnit.HOURS)),
        partition);
  }

  /** Interactions per hour from {@code from} (included) to {@code to} (excluded). */
  public List<HourlyInteractions> between(Instant from, Instant to) {
    return jdbc.query(
        "SELECT hour, sum(interactions) FROM "
            + TABLE
            + " WHERE hour >= ? AND hour < ? GROUP BY hour ORDER BY hour",
        (rs, i) -> new HourlyInteractions(rs.getTimestamp(1).toInstant(), rs.getLong(2)),
        Timestamp.from(from),
        Timestamp.from(to));
  }
}
