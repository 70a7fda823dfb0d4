package gg.suggestions.query.projection.usage;

import gg.suggestions.eventstore.envelope.InteractionEnvelope;
import gg.suggestions.eventstore.log.KafkaEventLogSource;
import gg.suggestions.query.projection.CsvCopy;
import gg.suggestions.query.projection.ShadowFold;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.axonframework.eventhandling.TrackedEventMessage;

/** Interactions per hour counted in memory for a rebuild. */
public final class UsageFold implements ShadowFold {

  private final Map<List<Object>, Long> counts = new HashMap<>();

  @Override
  public void apply(TrackedEventMessage<?> message) {
    var interaction = (InteractionEnvelope) message.getPayload();
    int partition = (Integer) message.getMetaData().get(KafkaEventLogSource.PARTITION);
    Instant hour = interaction.handledAt().truncatedTo(ChronoUnit.HOURS);
    counts.merge(List.of(hour, partition), 1L, Long::sum);
  }

  @Override
  public void copyInto(Connection connection, String schema) throws SQLException {
    CsvCopy.copy(
        connection,
        schema + ".hourly_interactions",
        List.of("hour", "log_partition", "interactions"),
        counts.entrySet().stream()
            .map(
                entry ->
                    new Object[] {entry.getKey().get(0), entry.getKey().get(1), entry.getValue()}));
  }
}
