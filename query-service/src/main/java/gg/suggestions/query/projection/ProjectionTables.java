package gg.suggestions.query.projection;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * The tables of a projection's schema that hold the projection itself, as opposed to its
 * bookkeeping: the token, the dead letters, bootstrap progress and Flyway's history.
 */
public final class ProjectionTables {

  /** Bookkeeping every projection schema has, never part of the projection's rows. */
  public static final List<String> BOOKKEEPING =
      List.of("token_entry", "dead_letter", "bootstrap", "flyway_schema_history");

  private ProjectionTables() {}

  /** The projection's own tables in {@code schema}, by name. */
  public static List<String> of(Connection c, String schema) throws SQLException {
    List<String> tables = new ArrayList<>();
    try (var query =
        c.prepareStatement(
            "SELECT table_name FROM information_schema.tables"
                + " WHERE table_schema = ? AND table_type = 'BASE TABLE' ORDER BY table_name")) {
      query.setString(1, schema);
      try (var rows = query.executeQuery()) {
        while (rows.next()) {
          if (!BOOKKEEPING.contains(rows.getString(1))) {
            tables.add(rows.getString(1));
          }
        }
      }
    }
    return tables;
  }
}
