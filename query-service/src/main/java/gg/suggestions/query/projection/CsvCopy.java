package gg.suggestions.query.projection;

import java.io.IOException;
import java.io.StringReader;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.postgresql.PGConnection;

/**
 * Bulk loads rows with PostgreSQL's {@code COPY ... FROM STDIN (FORMAT csv)}: one round trip for a
 * whole table instead of one statement per row.
 */
public final class CsvCopy {

  /** Rows sent per COPY chunk, so a large table never needs all its text in memory at once. */
  private static final int CHUNK = 50_000;

  private CsvCopy() {}

  /**
   * Copies {@code rows} into {@code table}; each row holds one value per column, in order. Values
   * may be {@code null}, strings, numbers, booleans, enums, instants, timestamps, dates and byte
   * arrays (for {@code bytea}).
   *
   * @return how many rows were copied
   */
  public static long copy(
      Connection connection, String table, List<String> columns, Stream<Object[]> rows)
      throws SQLException {
    var copy = connection.unwrap(PGConnection.class).getCopyAPI();
    String sql =
        "COPY " + table + " (" + String.join(", ", columns) + ") FROM STDIN WITH (FORMAT csv)";
    StringBuilder chunk = new StringBuilder();
    long count = 0;
    int inChunk = 0;
    for (Object[] row : (Iterable<Object[]>) rows::iterator) {
      line(chunk, row);
      count++;
      if (++inChunk == CHUNK) {
        send(copy, sql, chunk);
        inChunk = 0;
      }
    }
    if (inChunk > 0) {
      send(copy, sql, chunk);
    }
    return count;
  }

  private static void send(org.postgresql.copy.CopyManager copy, String sql, StringBuilder chunk)
      throws SQLException {
    try {
      copy.copyIn(sql, new StringReader(chunk.toString()));
    } catch (IOException e) {
      throw new SQLException("COPY failed: " + e.getMessage(), e);
    }
    chunk.setLength(0);
  }

  private static void line(StringBuilder out, Object[] row) {
    for (int i = 0; i < row.length; i++) {
      if (i > 0) {
        out.append(',');
      }
      Object value = row[i];
      if (value == null) {
        continue; // an unquoted empty field is NULL in CSV mode
      }
      String text = value.toString();
      if (value instanceof java.sql.Timestamp at) {
        text = at.toInstant().toString();
      } else if (value instanceof byte[] bytes) {
        text = "\\x" + HexFormat.of().formatHex(bytes); // bytea's hex input format
      }
      out.append('"').append(text.replace("\"", "\"\"")).append('"');
    }
    out.append('\n');
  }
}
