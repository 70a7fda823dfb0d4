package gg.suggestions.query.projection.memberstats;

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

/** Member command statistics counted in memory for a rebuild. */
public final class MemberStatsFold implements ShadowFold {

  /** Per guild, member, command and partition: succeeded, failed. */
  private final Map<List<Object>, long[]> counts = new HashMap<>();

  @Override
  public void apply(TrackedEventMessage<?> message) {
    var interaction = (InteractionEnvelope) message.getPayload();
    if (interaction.guildId() == null) {
      return;
    }
    int partition = (Integer) message.getMetaData().get(KafkaEventLogSource.PARTITION);
    long[] count =
        counts.computeIfAbsent(
            List.of(interaction.guildId(), interaction.actorId(), interaction.type(), partition),
            k -> new long[2]);
    count[MemberStatsProjection.succeeded(interaction) ? 0 : 1]++;
  }

  @Override
  public void copyInto(Connection connection, String schema) throws SQLException {
    CsvCopy.copy(
        connection,
        schema + ".member_stat",
        List.of("guild_id", "member_id", "command", "log_partition", "succeeded", "failed"),
        counts.entrySet().stream()
            .map(
                entry -> {
                  List<Object> key = entry.getKey();
                  long[] count = entry.getValue();
                  return new Object[] {
                    key.get(0), key.get(1), key.get(2), key.get(3), count[0], count[1]
                  };
                }));
  }
}
