package gg.suggestions.query.projection.userconfig;

import gg.suggestions.eventstore.contract.userconfig.DirectMessagesSet;
import gg.suggestions.eventstore.contract.userconfig.ThreadPingsSet;
import gg.suggestions.query.projection.CsvCopy;
import gg.suggestions.query.projection.ShadowFold;
import gg.suggestions.query.projection.userconfig.UserConfigProjection.UserConfigRow;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.TrackedEventMessage;

/** The user configs projection folded in memory for a rebuild. */
public final class UserConfigFold implements ShadowFold {

  private final Map<String, UserConfigRow> rows = new HashMap<>();

  @Override
  public void apply(TrackedEventMessage<?> message) {
    if (!(message instanceof DomainEventMessage<?> event)) {
      return;
    }
    long sequence = event.getSequenceNumber();
    Object payload = event.getPayload();
    if (payload instanceof DirectMessagesSet e) {
      rows.put(e.userId(), UserConfigProjection.next(row(e.userId()), e, sequence));
    } else if (payload instanceof ThreadPingsSet e) {
      rows.put(e.userId(), UserConfigProjection.next(row(e.userId()), e, sequence));
    }
  }

  private UserConfigRow row(String userId) {
    return rows.getOrDefault(userId, UserConfigRow.defaults(userId));
  }

  @Override
  public void copyInto(Connection connection, String schema) throws SQLException {
    CsvCopy.copy(
        connection,
        schema + ".user_config",
        List.of("user_id", "direct_messages", "thread_pings", "last_sequence"),
        rows.values().stream()
            .map(
                row ->
                    new Object[] {
                      row.userId(), row.directMessages(), row.threadPings(), row.lastSequence()
                    }));
  }
}
