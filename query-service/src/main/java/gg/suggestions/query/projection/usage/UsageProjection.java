package gg.suggestions.query.projection.usage;

import gg.suggestions.eventstore.contract.legacy.LegacyImports;
import gg.suggestions.eventstore.envelope.InteractionEnvelope;
import gg.suggestions.eventstore.log.KafkaEventLogSource;
import gg.suggestions.query.projection.store.Counter;
import gg.suggestions.query.projection.store.Store;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.messaging.annotation.MetaDataValue;

/**
 * Usage from the interaction records: how many interactions each hour (UTC), per log partition. The
 * old bot's imported statistics are not counted: its hourly totals were per gateway cluster, not
 * per interaction, and its per-command records would count each command twice.
 */
public final class UsageProjection {

  public static final String NAME = "usage";

  static final Counter HOURLY_INTERACTIONS =
      new Counter("hourly_interactions", List.of("hour", "log_partition"), List.of("interactions"));

  private final Store.Counts counts;

  public UsageProjection(Store store) {
    this.counts = store.counts(HOURLY_INTERACTIONS);
  }

  @EventHandler
  void on(
      InteractionEnvelope interaction,
      @MetaDataValue(KafkaEventLogSource.PARTITION) Integer partition) {
    if (LegacyImports.isImported(interaction.commandId())) {
      return; // The old bot's statistics are not this platform's usage.
    }
    counts.add(List.of(interaction.handledAt().truncatedTo(ChronoUnit.HOURS), partition), 1);
  }
}
