package gg.suggestions.query.projection.memberstats;

import gg.suggestions.eventstore.contract.legacy.LegacyImports;
import gg.suggestions.eventstore.envelope.InteractionEnvelope;
import gg.suggestions.eventstore.log.KafkaEventLogSource;
import gg.suggestions.query.projection.ForgottenMembers;
import gg.suggestions.query.projection.store.Counter;
import gg.suggestions.query.projection.store.MemberColumns;
import gg.suggestions.query.projection.store.Store;
import java.util.List;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.messaging.annotation.MetaDataValue;

/**
 * Member command statistics from the interaction records: per guild, member and command, how many
 * succeeded and how many were refused, counted per log partition. Commands outside a guild are not
 * counted here.
 */
public final class MemberStatsProjection {

  public static final String NAME = "member_stats";

  static final Counter MEMBER_STAT =
      new Counter(
          "member_stat",
          List.of("guild_id", "member_id", "command", "log_partition"),
          List.of("succeeded", "failed"));

  /** Where a member is: their counts, which move to their pseudonym when they are forgotten. */
  static final List<MemberColumns> MEMBERS =
      List.of(
          new MemberColumns(
              "member_stat", "member_id", List.of(), MEMBER_STAT.keys(), MEMBER_STAT.counts()));

  private final Store store;
  private final Store.Counts counts;

  public MemberStatsProjection(Store store) {
    this.store = store;
    this.counts = store.counts(MEMBER_STAT);
  }

  @EventHandler
  void on(
      InteractionEnvelope interaction,
      @MetaDataValue(KafkaEventLogSource.PARTITION) Integer partition) {
    if (ForgottenMembers.isForgetting(interaction)) {
      ForgottenMembers.of(interaction, NAME)
          .forEach((member, pseudonym) -> store.forget(MEMBERS, member, pseudonym));
      return;
    }
    if (interaction.guildId() == null
        || (LegacyImports.isImported(interaction.commandId())
            && LegacyImports.LOCALE_ONLY.equals(interaction.type()))) {
      return; // Outside a guild, or the old bot's locale tracking, which named no command.
    }
    boolean succeeded = "accepted".equals(interaction.outcome());
    counts.add(
        List.of(interaction.guildId(), interaction.actorId(), interaction.type(), partition),
        succeeded ? 1 : 0,
        succeeded ? 0 : 1);
  }
}
