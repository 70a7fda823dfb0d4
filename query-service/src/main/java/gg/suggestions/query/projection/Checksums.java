package gg.suggestions.query.projection;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;
import java.util.TreeMap;
import javax.sql.DataSource;

/**
 * Checksums of a projection's tables: the row count and an MD5 of every row's text in a fixed
 * order. Two copies with equal checksums hold the same rows. The token and Flyway's history are
 * bookkeeping, not the projection, and are left out; of the dead letters, which records they are.
 */
public final class Checksums {

  private Checksums() {}

  /** Per table of {@code schema}: {@code "<rows> rows, md5 <hash>"}. */
  public static Map<String, String> of(DataSource dataSource, String schema) throws SQLException {
    Map<String, String> sums = new TreeMap<>();
    try (Connection c = dataSource.getConnection()) {
      for (String table : ProjectionTables.of(c, schema)) {
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
      sums.put("dead_letter", deadLetters(c, schema));
    }
    return sums;
  }

  /** Which records were dead-lettered, by their place in the log: live and rebuilt must agree. */
  private static String deadLetters(Connection c, String schema) throws SQLException {
    try (var statement = c.createStatement();
        var rows =
            statement.executeQuery(
                "SELECT count(*), md5(coalesce(string_agg(dead_key, E'\\n' ORDER BY dead_key), ''))"
                    + " FROM "
                    + schema
                    + ".dead_letter")) {
      rows.next();
      return rows.getLong(1) + " dead letters, md5 " + rows.getString(2);
    }
  }
}
