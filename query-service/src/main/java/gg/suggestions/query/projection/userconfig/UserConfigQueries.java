package gg.suggestions.query.projection.userconfig;

import gg.suggestions.query.projection.store.JdbcStore;
import gg.suggestions.query.projection.store.Store;
import org.springframework.jdbc.core.JdbcTemplate;

/** Reads of the user configs projection for the query API. */
public final class UserConfigQueries {

  private final Store.Rows<UserConfigRow> rows;

  public UserConfigQueries(JdbcTemplate jdbc) {
    this.rows = JdbcStore.live(jdbc, UserConfigProjection.NAME).rows(UserConfigProjection.TABLE);
  }

  /** The member's settings, or the defaults (everything on) if they never changed one. */
  public UserConfigRow of(String userId) {
    return rows.find(userId).orElseGet(() -> UserConfigRow.defaults(userId));
  }
}
