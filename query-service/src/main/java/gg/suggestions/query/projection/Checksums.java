package gg.suggestions.query.projection;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import javax.sql.DataSource;

/**
 * Checksums of a projection's tables: the row count and an MD5 of every row's text in a fixed
 * order. Two copies with equal checksums hold the same rows. The token, dead letters and Flyway's
 * history are bookkeeping, not the projection, and are left out.
 */
public final class Checksums {

  private static final List<String> BOOKKEEPING =
      List.of("token_entry", "dead_letter", "flyway_schema_history");

  private Checksums() {}

  /** Per table of {@code schema}: {@code "<rows> rows, md5 <hash>"}. */
  public static Map<String, String> of(DataSource dataSource, String schema) throws SQLException {
    Map<String, String> sums = new TreeMap<>();
    try (Connection c = dataSource.getConnection()) {
      for (String table : tables(c, schema)) {
        try (var statement = c.createStatement();
            var rows =
                statement.executeQuery(
                    "SELECT count(*), md5(coalesce(string_agg(t::text, E'\\n' ORDER BY t::text), ''))"
                        + " FROM "
                        + schema
                        + "."
                        + table
                        + " t")) {
          rows.next();
          sums.put(table, rows.getLong(1) + " rows, md5 " + rows.getString(2));
        }
      }
    }
    return sums;
  }

  private static List<String> tables(Connection c, String schema) throws SQLException {
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
