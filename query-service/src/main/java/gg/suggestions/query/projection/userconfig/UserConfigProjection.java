package gg.suggestions.query.projection.userconfig;

import gg.suggestions.eventstore.contract.userconfig.DirectMessagesSet;
import gg.suggestions.eventstore.contract.userconfig.MemberForgotten;
import gg.suggestions.eventstore.contract.userconfig.ThreadPingsSet;
import gg.suggestions.query.projection.ForgottenMembers;
import gg.suggestions.query.projection.store.MemberColumns;
import gg.suggestions.query.projection.store.Store;
import gg.suggestions.query.projection.store.Table;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.SequenceNumber;

/**
 * The user configs read model: each member's global settings, defaults until they change one. Its
 * rules are written once, for the live database and a rebuild's memory alike.
 */
public final class UserConfigProjection {

  public static final String NAME = "user_config";

  /** One row per member, guarded by the sequence of the last event applied. */
  static final Table<UserConfigRow> TABLE =
      new Table<>(
          "user_config",
          List.of("user_id", "direct_messages", "thread_pings", "last_sequence"),
          1,
          row -> List.of(row.userId()),
          row ->
              new Object[] {
                row.userId(), row.directMessages(), row.threadPings(), row.lastSequence()
              },
          (rs, i) ->
              new UserConfigRow(
                  rs.getString("user_id"),
                  rs.getBoolean("direct_messages"),
                  rs.getBoolean("thread_pings"),
                  rs.getLong("last_sequence")),
          Set.of(),
          "last_sequence");

  /** Where a member is, for forgetting them. */
  static final List<MemberColumns> MEMBERS =
      List.of(
          new MemberColumns("user_config", "user_id", List.of(), List.of("user_id"), List.of()));

  private final Store store;
  private final Store.Rows<UserConfigRow> rows;

  public UserConfigProjection(Store store) {
    this.store = store;
    this.rows = store.rows(TABLE);
  }

  @EventHandler
  void on(MemberForgotten e) {
    ForgottenMembers.of(e, NAME)
        .forEach((member, pseudonym) -> store.forget(MEMBERS, member, pseudonym));
  }

  @EventHandler
  void on(DirectMessagesSet e, @SequenceNumber Long sequence) {
    change(
        e.userId(),
        sequence,
        row -> new UserConfigRow(row.userId(), e.enabled(), row.threadPings(), sequence));
  }

  @EventHandler
  void on(ThreadPingsSet e, @SequenceNumber Long sequence) {
    change(
        e.userId(),
        sequence,
        row -> new UserConfigRow(row.userId(), row.directMessages(), e.enabled(), sequence));
  }

  /** Applies {@code next} unless the row holds this event already (a redelivery). */
  private void change(String userId, long sequence, UnaryOperator<UserConfigRow> next) {
    UserConfigRow row = rows.find(userId).orElseGet(() -> UserConfigRow.defaults(userId));
    if (row.lastSequence() < sequence) {
      rows.put(next.apply(row));
    }
  }
}
