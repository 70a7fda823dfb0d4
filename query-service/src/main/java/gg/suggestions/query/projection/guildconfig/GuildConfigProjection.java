package gg.suggestions.query.projection.guildconfig;

import gg.suggestions.eventstore.contract.guildconfig.GuildChannelSet;
import gg.suggestions.eventstore.contract.guildconfig.GuildLocaleSet;
import gg.suggestions.eventstore.contract.guildconfig.GuildToggleSet;
import gg.suggestions.eventstore.contract.guildconfig.MemberBlocked;
import gg.suggestions.eventstore.contract.guildconfig.MemberUnblocked;
import gg.suggestions.eventstore.contract.guildconfig.StaffRolesSet;
import gg.suggestions.eventstore.contract.guildconfig.SuggestionLimitSet;
import gg.suggestions.query.projection.JsonColumns;
import java.util.List;
import java.util.Optional;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The guild configs read model: every setting, staff roles, locale, suggestion limit and blocklist,
 * one JSON document per guild, upserted with a sequence guard.
 */
public final class GuildConfigProjection {

  public static final String NAME = "guild_config";
  static final String TABLE = "p_guild_config.guild_config";

  private final JdbcTemplate jdbc;

  public GuildConfigProjection(JdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  /** The guild's configuration, or the defaults of a guild nobody configured. */
  public GuildConfigRow of(String guildId) {
    return find(guildId).orElseGet(() -> GuildConfigRow.unconfigured(guildId));
  }

  @EventHandler
  void on(GuildChannelSet e, @SequenceNumber Long sequence) {
    change(e.guildId(), e, sequence);
  }

  @EventHandler
  void on(GuildToggleSet e, @SequenceNumber Long sequence) {
    change(e.guildId(), e, sequence);
  }

  @EventHandler
  void on(StaffRolesSet e, @SequenceNumber Long sequence) {
    change(e.guildId(), e, sequence);
  }

  @EventHandler
  void on(GuildLocaleSet e, @SequenceNumber Long sequence) {
    change(e.guildId(), e, sequence);
  }

  @EventHandler
  void on(SuggestionLimitSet e, @SequenceNumber Long sequence) {
    change(e.guildId(), e, sequence);
  }

  @EventHandler
  void on(MemberBlocked e, @SequenceNumber Long sequence) {
    change(e.guildId(), e, sequence);
  }

  @EventHandler
  void on(MemberUnblocked e, @SequenceNumber Long sequence) {
    change(e.guildId(), e, sequence);
  }

  private void change(String guildId, Object event, long sequence) {
    GuildConfigRow row = of(guildId);
    if (row.lastSequence() < sequence) {
      save(GuildConfigTransitions.apply(row, event, sequence));
    }
  }

  private Optional<GuildConfigRow> find(String guildId) {
    List<String> documents =
        jdbc.queryForList(
            "SELECT config FROM " + TABLE + " WHERE guild_id = ?", String.class, guildId);
    return documents.stream().findFirst().map(json -> JsonColumns.read(json, GuildConfigRow.class));
  }

  private void save(GuildConfigRow row) {
    jdbc.update(
        "INSERT INTO "
            + TABLE
            + " AS g (guild_id, config, last_sequence) VALUES (?, ?::jsonb, ?)"
            + " ON CONFLICT (guild_id) DO UPDATE"
            + " SET config = EXCLUDED.config, last_sequence = EXCLUDED.last_sequence"
            + " WHERE g.last_sequence < EXCLUDED.last_sequence",
        row.guildId(),
        JsonColumns.write(row),
        row.lastSequence());
  }
}
