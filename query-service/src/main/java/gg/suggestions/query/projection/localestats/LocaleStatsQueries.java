package gg.suggestions.query.projection.localestats;

import gg.suggestions.query.projection.ProjectionProcessor;
import java.sql.Date;
import java.time.LocalDate;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;

/** Reads of the locale statistics projection for the query API. */
public final class LocaleStatsQueries {

  /** The projection's table, as {@link LocaleStatsProjection} describes it. */
  private static final String TABLE =
      ProjectionProcessor.schemaOf(LocaleStatsProjection.NAME)
          + "."
          + LocaleStatsProjection.LOCALE_STAT.name();

  /** One count: the interactions of a day, guild, locale, command and outcome. */
  public record LocaleStat(
      LocalDate day,
      String guildId,
      String locale,
      String command,
      String outcome,
      long interactions) {}

  private final JdbcTemplate jdbc;

  public LocaleStatsQueries(JdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  /** The guild's counts from {@code from} to {@code to}, both included. */
  public List<LocaleStat> of(String guildId, LocalDate from, LocalDate to) {
    return jdbc.query(
        "SELECT day, guild_id, locale, command, outcome, sum(interactions) FROM "
            + TABLE
            + " WHERE guild_id = ? AND day BETWEEN ? AND ?"
            + " GROUP BY day, guild_id, locale, command, outcome"
            + " ORDER BY day, locale, command, outcome",
        (rs, i) ->
            new LocaleStat(
                rs.getDate(1).toLocalDate(),
                rs.getString(2),
                rs.getString(3),
                rs.getString(4),
                rs.getString(5),
                rs.getLong(6)),
        guildId,
        Date.valueOf(from),
        Date.valueOf(to));
  }
}
