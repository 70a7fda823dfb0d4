package gg.suggestions.query.projection.localestats;

import gg.suggestions.eventstore.envelope.InteractionEnvelope;
import gg.suggestions.eventstore.log.KafkaEventLogSource;
import gg.suggestions.query.projection.CsvCopy;
import gg.suggestions.query.projection.ShadowFold;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.axonframework.eventhandling.TrackedEventMessage;

/** Locale statistics counted in memory for a rebuild, with the keys of the live projection. */
public final class LocaleStatsFold implements ShadowFold {

  private final Map<List<Object>, Long> counts = new HashMap<>();

  @Override
  public void apply(TrackedEventMessage<?> message) {
    var interaction = (InteractionEnvelope) message.getPayload();
    int partition = (Integer) message.getMetaData().get(KafkaEventLogSource.PARTITION);
    counts.merge(LocaleStatsProjection.key(interaction, partition), 1L, Long::sum);
  }

  @Override
  public void copyInto(Connection connection, String schema) throws SQLException {
    CsvCopy.copy(
        connection,
        schema + ".locale_stat",
        List.of("day", "guild_id", "locale", "command", "outcome", "log_partition", "interactions"),
        counts.entrySet().stream()
            .map(
                entry -> {
                  List<Object> key = entry.getKey();
                  return new Object[] {
                    key.get(0),
                    key.get(1),
                    key.get(2),
                    key.get(3),
                    key.get(4),
                    key.get(5),
                    entry.getValue()
                  };
                }));
  }
}
