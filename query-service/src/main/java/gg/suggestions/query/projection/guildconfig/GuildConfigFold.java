package gg.suggestions.query.projection.guildconfig;

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

/**
 * The guild configs projection folded in memory for a rebuild. Only the events the live handlers
 * take reach it, so admissions, for one, never move a row's sequence here either.
 */
public final class GuildConfigFold implements ShadowFold {

  private final Map<String, GuildConfigRow> rows = new HashMap<>();

  @Override
  public void apply(TrackedEventMessage<?> message) {
    if (message instanceof DomainEventMessage<?> event) {
      String guildId = event.getAggregateIdentifier();
      GuildConfigRow row = rows.getOrDefault(guildId, GuildConfigRow.unconfigured(guildId));
      if (row.lastSequence() < event.getSequenceNumber()) {
        rows.put(
            guildId,
            GuildConfigTransitions.apply(row, event.getPayload(), event.getSequenceNumber()));
      }
    }
  }

  @Override
  public void copyInto(Connection connection, String schema) throws SQLException {
    CsvCopy.copy(
        connection,
        schema + ".guild_config",
        List.of("guild_id", "config", "last_sequence"),
        rows.values().stream()
            .map(row -> new Object[] {row.guildId(), JsonColumns.write(row), row.lastSequence()}));
  }
}
