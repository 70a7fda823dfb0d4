package gg.suggestions.query.projection.memberstats;

import gg.suggestions.query.projection.ProjectionProcessor;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;

/** Reads of the member statistics projection for the query API. */
public final class MemberStatsQueries {

  /** The projection's table, as {@link MemberStatsProjection} describes it. */
  private static final String TABLE =
      ProjectionProcessor.schemaOf(MemberStatsProjection.NAME)
          + "."
          + MemberStatsProjection.MEMBER_STAT.name();

  /** A member's commands of one kind: how many succeeded and how many were refused. */
  public record MemberStat(String command, long succeeded, long failed) {}

  private final JdbcTemplate jdbc;

  public MemberStatsQueries(JdbcTemplate jdbc) {
    this.jdbc = jdbc;
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
