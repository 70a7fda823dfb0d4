package gg.suggestions.query.projection.guildconfig;

import gg.suggestions.eventstore.contract.guildconfig.GuildChannelSet;
import gg.suggestions.eventstore.contract.guildconfig.GuildLocaleSet;
import gg.suggestions.eventstore.contract.guildconfig.GuildToggleSet;
import gg.suggestions.eventstore.contract.guildconfig.MemberBlocked;
import gg.suggestions.eventstore.contract.guildconfig.MemberUnblocked;
import gg.suggestions.eventstore.contract.guildconfig.StaffRolesSet;
import gg.suggestions.eventstore.contract.guildconfig.SuggestionLimitSet;
import gg.suggestions.eventstore.contract.userconfig.MemberForgotten;
import gg.suggestions.query.projection.ForgottenMembers;
import gg.suggestions.query.projection.JsonColumns;
import gg.suggestions.query.projection.guildconfig.GuildConfigRow.Limit;
import gg.suggestions.query.projection.store.Store;
import gg.suggestions.query.projection.store.Table;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.SequenceNumber;

/**
 * The guild configs read model: every setting, staff roles, locale, suggestion limit and blocklist,
 * one JSON document per guild. Its rules are written once, for the live database and a rebuild's
 * memory alike; an event at or below the row's sequence (a redelivery) changes nothing.
 */
public final class GuildConfigProjection {

  public static final String NAME = "guild_config";

  /** One JSON document per guild, guarded by the sequence of the last event applied. */
  static final Table<GuildConfigRow> TABLE =
      new Table<>(
          "guild_config",
          List.of("guild_id", "config", "last_sequence"),
          1,
          row -> List.of(row.guildId()),
          row -> new Object[] {row.guildId(), JsonColumns.write(row), row.lastSequence()},
          (rs, i) -> JsonColumns.read(rs.getString("config"), GuildConfigRow.class),
          Set.of("config"),
          "last_sequence");

  private final Store store;
  private final Store.Rows<GuildConfigRow> rows;

  public GuildConfigProjection(Store store) {
    this.store = store;
    this.rows = store.rows(TABLE);
  }

  /** A forgotten member on a blocklist stays blocked under their pseudonym, as a rebuild has it. */
  @EventHandler
  void on(MemberForgotten e) {
    ForgottenMembers.of(e, NAME)
        .forEach(
            (member, pseudonym) -> {
              for (GuildConfigRow row : store.rowsMentioning(TABLE, "config", member)) {
                if (row.blockedUserIds().contains(member)) {
                  rows.replace(row.withBlocked(member, false).withBlocked(pseudonym, true));
                }
              }
            });
  }

  @EventHandler
  void on(GuildChannelSet e, @SequenceNumber Long sequence) {
    change(e.guildId(), sequence, row -> row.withChannel(e.channel(), e.channelId()));
  }

  @EventHandler
  void on(GuildToggleSet e, @SequenceNumber Long sequence) {
    change(e.guildId(), sequence, row -> row.withToggle(e.toggle(), e.enabled()));
  }

  @EventHandler
  void on(StaffRolesSet e, @SequenceNumber Long sequence) {
    change(e.guildId(), sequence, row -> row.withStaffRoles(e.roleIds()));
  }

  @EventHandler
  void on(GuildLocaleSet e, @SequenceNumber Long sequence) {
    change(e.guildId(), sequence, row -> row.withLocale(e.locale()));
  }

  @EventHandler
  void on(SuggestionLimitSet e, @SequenceNumber Long sequence) {
    change(e.guildId(), sequence, row -> row.withLimit(new Limit(e.amount(), e.period())));
  }

  @EventHandler
  void on(MemberBlocked e, @SequenceNumber Long sequence) {
    change(e.guildId(), sequence, row -> row.withBlocked(e.userId(), true));
  }

  @EventHandler
  void on(MemberUnblocked e, @SequenceNumber Long sequence) {
    change(e.guildId(), sequence, row -> row.withBlocked(e.userId(), false));
  }

  private void change(String guildId, long sequence, UnaryOperator<GuildConfigRow> next) {
    GuildConfigRow row = rows.find(guildId).orElseGet(() -> GuildConfigRow.unconfigured(guildId));
    if (row.lastSequence() < sequence) {
      rows.put(next.apply(row).at(sequence));
    }
  }
}
