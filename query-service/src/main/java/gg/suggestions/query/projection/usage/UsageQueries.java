package gg.suggestions.query.projection.usage;

import gg.suggestions.query.projection.ProjectionProcessor;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;

/** Reads of the usage projection for the query API. */
public final class UsageQueries {

  /** The projection's table, as {@link UsageProjection} describes it. */
  private static final String TABLE =
      ProjectionProcessor.schemaOf(UsageProjection.NAME)
          + "."
          + UsageProjection.HOURLY_INTERACTIONS.name();

  /** The interactions of one hour (UTC). */
  public record HourlyInteractions(Instant hour, long interactions) {}

  private final JdbcTemplate jdbc;

  public UsageQueries(JdbcTemplate jdbc) {
    this.jdbc = jdbc;
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
