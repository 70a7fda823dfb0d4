package gg.suggestions.query.projection.queue;

import gg.suggestions.eventstore.contract.suggestion.SuggestionQueued;
import gg.suggestions.query.projection.CsvCopy;
import gg.suggestions.query.projection.JsonColumns;
import gg.suggestions.query.projection.ShadowFold;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.TrackedEventMessage;

/** The queue projection folded in memory for a rebuild. */
public final class QueueFold implements ShadowFold {

  private final Map<String, QueuedItemRow> rows = new HashMap<>();

  @Override
  public void apply(TrackedEventMessage<?> message) {
    if (!(message instanceof DomainEventMessage<?> event)) {
      return;
    }
    String key = event.getAggregateIdentifier();
    long sequence = event.getSequenceNumber();
    if (event.getPayload() instanceof SuggestionQueued queued) {
      rows.putIfAbsent(key, QueueTransitions.queued(queued, sequence, event.getTimestamp()));
      return;
    }
    QueuedItemRow row = rows.get(key);
    if (row == null) {
      throw new IllegalStateException("Queued item " + key + " is not in the projection");
    }
    if (row.lastSequence() < sequence) {
      rows.put(
          key, QueueTransitions.apply(row, event.getPayload(), sequence, event.getTimestamp()));
    }
  }

  @Override
  public void copyInto(Connection connection, String schema) throws SQLException {
    CsvCopy.copy(
        connection,
        schema + ".queued_item",
        List.of("guild_id", "queue_id", "mode", "state", "queued_at", "item", "last_sequence"),
        rows.values().stream()
            .map(
                row ->
                    new Object[] {
                      row.guildId(),
                      row.queueId(),
                      row.mode().name(),
                      row.state().name(),
                      row.queuedAt(),
                      JsonColumns.write(row),
                      row.lastSequence()
                    }));
  }
}
