package gg.suggestions.query.projection.memberstats;

import gg.suggestions.eventstore.envelope.InteractionEnvelope;
import gg.suggestions.eventstore.log.KafkaEventLogSource;
import java.util.List;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.messaging.annotation.MetaDataValue;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Member command statistics from the interaction records: per guild, member and command, how many
 * succeeded and how many were refused. Commands outside a guild are not counted here.
 */
public final class MemberStatsProjection {

  public static final String NAME = "member_stats";
  private static final String TABLE = "p_member_stats.member_stat";

  public record MemberStat(String command, long succeeded, long failed) {}

  private final JdbcTemplate jdbc;

  public MemberStatsProjection(JdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  @EventHandler
  void on(
      InteractionEnvelope interaction,
      @MetaDataValue(KafkaEventLogSource.PARTITION) Integer partition) {
    if (interaction.guildId() == null) {
      return;
    }
    boolean succeeded = succeeded(interaction);
    jdbc.update(
        "INSERT INTO "
            + TABLE
            + " AS s"
            + " (guild_id, member_id, command, log_partition, succeeded, failed)"
            + " VALUES (?, ?, ?, ?, ?, ?)"
            + " ON CONFLICT (guild_id, member_id, command, log_partition) DO UPDATE"
            + " SET succeeded = s.succeeded + EXCLUDED.succeeded, failed = s.failed + EXCLUDED.failed",
        interaction.guildId(),
        interaction.actorId(),
        interaction.type(),
        partition,
        succeeded ? 1 : 0,
        succeeded ? 0 : 1);
  }

  /** Whether the interaction counts as succeeded: the command was accepted. */
  static boolean succeeded(InteractionEnvelope interaction) {
    return "accepted".equals(interaction.outcome());
  }

  /** The member's counts in the guild, per command. */
  public List<MemberStat> of(String guildId, String memberId) {
    return jdbc.query(
        "SELECT command, sum(succeeded), sum(failed) FROM "
            + TABLE
            + " WHERE guild_id = ? AND member_id = ? GROUP BY command ORDER BY command",
        (rs, i) -> new MemberStat(rs.getString(1), rs.getLong(2), rs.getLong(3)),
        guildId,
        memberId);
  }
}
