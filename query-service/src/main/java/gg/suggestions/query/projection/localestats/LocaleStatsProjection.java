package gg.suggestions.query.projection.localestats;

import gg.suggestions.eventstore.contract.legacy.LegacyImports;
import gg.suggestions.eventstore.envelope.InteractionEnvelope;
import gg.suggestions.eventstore.log.KafkaEventLogSource;
import gg.suggestions.query.projection.store.Counter;
import gg.suggestions.query.projection.store.Store;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.messaging.annotation.MetaDataValue;

/**
 * Locale statistics from the interaction records: per day, guild, locale, command and outcome, the
 * number of interactions. Counted per log partition, so processor segments never contend on a row;
 * reads sum them. Live, the count and the processor's token share a transaction: exactly once.
 */
public final class LocaleStatsProjection {

  public static final String NAME = "locale_stats";

  static final Counter LOCALE_STAT =
      new Counter(
          "locale_stat",
          List.of("day", "guild_id", "locale", "command", "outcome", "log_partition"),
          List.of("interactions"));

  private final Store.Counts counts;

  public LocaleStatsProjection(Store store) {
    this.counts = store.counts(LOCALE_STAT);
  }

  @EventHandler
  void on(
      InteractionEnvelope interaction,
      @MetaDataValue(KafkaEventLogSource.PARTITION) Integer partition) {
    if (LegacyImports.isImported(interaction.commandId()) && interaction.locale() == null) {
      return; // The old bot's member statistics, which recorded no locale: counted there.
    }
    counts.add(
        List.of(
            LocalDate.ofInstant(interaction.handledAt(), ZoneOffset.UTC),
            interaction.guildId() == null ? "" : interaction.guildId(),
            interaction.locale() == null ? "" : interaction.locale(),
            interaction.type(),
            interaction.outcome(),
            partition),
        1);
  }
}
