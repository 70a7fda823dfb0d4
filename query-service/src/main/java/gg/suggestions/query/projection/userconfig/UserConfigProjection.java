package gg.suggestions.query.projection.userconfig;

import gg.suggestions.eventstore.contract.userconfig.DirectMessagesSet;
import gg.suggestions.eventstore.contract.userconfig.ThreadPingsSet;
import java.util.List;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.springframework.jdbc.core.JdbcTemplate;

/** The user configs read model: each member's global settings, defaults until they change one. */
public final class UserConfigProjection {

  public static final String NAME = "user_config";
  private static final String TABLE = "p_user_config.user_config";

  /**
   * A member's settings.
   *
   * @param directMessages whether the bot may DM them about their suggestions
   * @param threadPings whether they are pinged in their suggestions' new threads
   */
  public record UserConfigRow(
      String userId, boolean directMessages, boolean threadPings, long lastSequence) {

    static UserConfigRow defaults(String userId) {
      return new UserConfigRow(userId, true, true, -1);
    }
  }

  private final JdbcTemplate jdbc;

  public UserConfigProjection(JdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  /** The member's settings, or the defaults (everything on) if they never changed one. */
  public UserConfigRow of(String userId) {
    List<UserConfigRow> rows =
        jdbc.query(
            "SELECT * FROM " + TABLE + " WHERE user_id = ?",
            (rs, i) ->
                new UserConfigRow(
                    rs.getString("user_id"),
                    rs.getBoolean("direct_messages"),
                    rs.getBoolean("thread_pings"),
                    rs.getLong("last_sequence")),
            userId);
    return rows.isEmpty() ? UserConfigRow.defaults(userId) : rows.get(0);
  }

  @EventHandler
  void on(DirectMessagesSet e, @SequenceNumber Long sequence) {
    save(next(of(e.userId()), e, sequence));
  }

  @EventHandler
  void on(ThreadPingsSet e, @SequenceNumber Long sequence) {
    save(next(of(e.userId()), e, sequence));
  }

  /**
   * The pure transition: the member's settings after {@code event}; an event at or below the row's
   * sequence (a redelivery) leaves it as it is.
   */
  static UserConfigRow next(UserConfigRow row, Object event, long sequence) {
    if (row.lastSequence() >= sequence) {
      return row;
    }
    if (event instanceof DirectMessagesSet e) {
      return new UserConfigRow(row.userId(), e.enabled(), row.threadPings(), sequence);
    }
    if (event instanceof ThreadPingsSet e) {
      return new UserConfigRow(row.userId(), row.directMessages(), e.enabled(), sequence);
    }
    return row;
  }

  private void save(UserConfigRow row) {
    jdbc.update(
        "INSERT INTO "
            + TABLE
            + " AS u (user_id, direct_messages, thread_pings, last_sequence)"
            + " VALUES (?, ?, ?, ?) ON CONFLICT (user_id) DO UPDATE SET"
            + " direct_messages = EXCLUDED.direct_messages,"
            + " thread_pings = EXCLUDED.thread_pings, last_sequence = EXCLUDED.last_sequence"
            + " WHERE u.last_sequence < EXCLUDED.last_sequence",
        row.userId(),
        row.directMessages(),
        row.threadPings(),
        row.lastSequence());
  }
}
