package gg.suggestions.query.projection.localestats;

import gg.suggestions.eventstore.envelope.InteractionEnvelope;
import gg.suggestions.eventstore.log.KafkaEventLogSource;
import java.sql.Date;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.messaging.annotation.MetaDataValue;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Locale statistics from the interaction records: per day, guild, locale, command and outcome, the
 * number of interactions. Exactly once: the count and the processor's token share a transaction.
 */
public final class LocaleStatsProjection {

  public static final String NAME = "locale_stats";
  private static final String TABLE = "p_locale_stats.locale_stat";

  /** One count: the interactions of a day, guild, locale, command and outcome. */
  public record LocaleStat(
      LocalDate day,
      String guildId,
      String locale,
      String command,
      String outcome,
      long interactions) {}

  private final JdbcTemplate jdbc;

  public LocaleStatsProjection(JdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  @EventHandler
  void on(
      InteractionEnvelope interaction,
      @MetaDataValue(KafkaEventLogSource.PARTITION) Integer partition) {
    List<Object> key = key(interaction, partition);
    jdbc.update(
        "INSERT INTO "
            + TABLE
            + " AS s"
            + " (day, guild_id, locale, command, outcome, log_partition, interactions)"
            + " VALUES (?, ?, ?, ?, ?, ?, 1)"
            + " ON CONFLICT (day, guild_id, locale, command, outcome, log_partition)"
            + " DO UPDATE SET interactions = s.interactions + 1",
        Date.valueOf((LocalDate) key.get(0)),
        key.get(1),
        key.get(2),
        key.get(3),
        key.get(4),
        key.get(5));
  }

  /** The counter an interaction adds to: day, guild, locale, command, outcome and partition. */
  static List<Object> key(InteractionEnvelope interaction, int partition) {
    return List.of(
        LocalDate.ofInstant(interaction.handledAt(), ZoneOffset.UTC),
        interaction.guildId() == null ? "" : interaction.guildId(),
        interaction.locale() == null ? "" : interaction.locale(),
        interaction.type(),
        interaction.outcome(),
        partition);
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
