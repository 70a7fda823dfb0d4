package gg.suggestions.query.projection.guildconfig;

import gg.suggestions.query.projection.store.JdbcStore;
import gg.suggestions.query.projection.store.Store;
import org.springframework.jdbc.core.JdbcTemplate;

/** Reads of the guild configs projection for the query API. */
public final class GuildConfigQueries {

  private final Store.Rows<GuildConfigRow> rows;

  public GuildConfigQueries(JdbcTemplate jdbc) {
    this.rows = JdbcStore.live(jdbc, GuildConfigProjection.NAME).rows(GuildConfigProjection.TABLE);
  }

  /** The guild's configuration, or the defaults of a guild nobody configured. */
  public GuildConfigRow of(String guildId) {
    return rows.find(guildId).orElseGet(() -> GuildConfigRow.unconfigured(guildId));
  }
}
