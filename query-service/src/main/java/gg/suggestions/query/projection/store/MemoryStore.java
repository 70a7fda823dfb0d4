package gg.suggestions.query.projection.store;

import gg.suggestions.query.projection.CsvCopy;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A projection's read model held in memory while a rebuild folds the log, then bulk-loaded into a
 * schema with {@code COPY}. Asked for the same table twice, it gives the same rows.
 * Single-threaded, as a projection's handlers are.
 */
public final class MemoryStore implements Store {

  private final Map<Table<?>, Map<List<Object>, ?>> tables = new LinkedHashMap<>();
  private final Map<Counter, Map<List<Object>, long[]>> counters = new LinkedHashMap<>();

  @Override
  public <R> Rows<R> rows(Table<R> table) {
    @SuppressWarnings("unchecked")
    Map<List<Object>, R> rows =
        (Map<List<Object>, R>) tables.computeIfAbsent(table, t -> new HashMap<>());
    return new Rows<>() {
      @Override
      public Optional<R> find(Object... key) {
        return Optional.ofNullable(rows.get(Arrays.asList(key)));
      }

      @Override
      public void put(R row) {
        rows.put(table.key().apply(row), row);
      }

      @Override
      public void remove(Object... key) {
        rows.remove(Arrays.asList(key));
      }

      @Override
      public void replace(R row) {
        put(row);
      }
    };
  }

  /**
   * Nothing to do: a rebuild reads a forgotten member's sealed fields as their pseudonym and
   * "[removed]" already. (A rebuild that started before the forgetting ends before its event; the
   * live store applies it.)
   */
  @Override
  public void forget(List<MemberColumns> where, String userId, String pseudonym) {}

  /** None, as for {@link #forget}. */
  @Override
  public <R> List<R> rowsMentioning(Table<R> table, String column, String text) {
    return List.of();
  }

  @Override
  public Counts counts(Counter counter) {
    Map<List<Object>, long[]> counts = counters.computeIfAbsent(counter, c -> new HashMap<>());
    int width = counter.counts().size();
    return (key, amounts) -> {
      long[] sums = counts.computeIfAbsent(key, k -> new long[width]);
      for (int i = 0; i < width; i++) {
        sums[i] += amounts[i];
      }
    };
  }

  /** The counts of {@code key} held so far: zeros for a key never counted. */
  public long[] counted(Counter counter, List<Object> key) {
    long[] sums = counters.getOrDefault(counter, Map.of()).get(key);
    return sums == null ? new long[counter.counts().size()] : sums.clone();
  }

  /**
   * A statement that leaves one row per key in {@code table} of {@code schema}, where rows loaded
   * from several stores share a key: of rows, the one with the highest guard (or any one); of
   * counts, their sum. Empty if this store has no such table.
   */
  public Optional<String> deduplication(String schema, String table) {
    for (Table<?> rows : tables.keySet()) {
      if (rows.name().equals(table)) {
        String keys = String.join(", ", rows.columns().subList(0, rows.keys()));
        String order = rows.guard() == null ? "ctid DESC" : rows.guard() + " DESC";
        return Optional.of(
            "DELETE FROM "
                + schema
                + "."
                + table
                + " t USING (SELECT ctid, row_number() OVER (PARTITION BY "
                + keys
                + " ORDER BY "
                + order
                + ") AS n FROM "
                + schema
                + "."
                + table
                + ") d WHERE t.ctid = d.ctid AND d.n > 1");
      }
    }
    for (Counter counter : counters.keySet()) {
      if (counter.name().equals(table)) {
        String qualified = schema + "." + table;
        String keys = String.join(", ", counter.keys());
        String sums =
            String.join(", ", counter.counts().stream().map(c -> "sum(" + c + ")").toList());
        return Optional.of(
            "WITH gone AS (DELETE FROM "
                + qualified
                + " WHERE ("
                + keys
                + ") IN (SELECT "
                + keys
                + " FROM "
                + qualified
                + " GROUP BY "
                + keys
                + " HAVING count(*) > 1) RETURNING *) INSERT INTO "
                + qualified
                + " ("
                + String.join(", ", counter.columns())
                + ") SELECT "
                + keys
                + ", "
                + sums
                + " FROM gone GROUP BY "
                + keys);
      }
    }
    return Optional.empty();
  }

  /** Loads every row and count held into the same tables of {@code schema}. */
  public void copyInto(Connection connection, String schema) throws SQLException {
    for (var entry : tables.entrySet()) {
      copy(connection, schema, entry.getKey(), entry.getValue());
    }
    for (var entry : counters.entrySet()) {
      Counter counter = entry.getKey();
      CsvCopy.copy(
          connection,
          schema + "." + counter.name(),
          counter.columns(),
          entry.getValue().entrySet().stream()
              .map(
                  count ->
                      Stream.concat(
                              count.getKey().stream(), Arrays.stream(count.getValue()).boxed())
                          .toArray()));
    }
  }

  @SuppressWarnings("unchecked")
  private static <R> void copy(
      Connection connection, String schema, Table<R> table, Map<List<Object>, ?> rows)
      throws SQLException {
    CsvCopy.copy(
        connection,
        schema + "." + table.name(),
        table.columns(),
        ((Map<List<Object>, R>) rows).values().stream().map(table.values()));
  }
}
