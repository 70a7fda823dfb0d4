package gg.suggestions.query.projection.store;

import java.util.List;
import java.util.Set;
import java.util.function.Function;
import org.springframework.jdbc.core.RowMapper;

/**
 * A table of rows of one read model, described once for both of its stores: the live database
 * ({@link JdbcStore}) and a rebuild's memory ({@link MemoryStore}).
 *
 * @param name the table's name in the projection's schema
 * @param columns every column, key columns first, in the order of {@code values}
 * @param keys how many of the first columns form the primary key
 * @param key a row's key: the values of its key columns
 * @param values a row's values, one per column
 * @param read a row from a result set of every column
 * @param json the columns of type {@code jsonb}
 * @param guard the column holding the aggregate sequence of the last event applied: in the
 *     database, an upsert that does not raise it changes nothing, so a writer that lost its claim
 *     can not put an older row back; {@code null} for none
 */
public record Table<R>(
    String name,
    List<String> columns,
    int keys,
    Function<R, List<Object>> key,
    Function<R, Object[]> values,
    RowMapper<R> read,
    Set<String> json,
    String guard) {

  public Table {
    columns = List.copyOf(columns);
    json = Set.copyOf(json);
    if (keys < 1 || keys > columns.size()) {
      throw new IllegalArgumentException("Table " + name + " needs 1 to all columns as key");
    }
    if (guard != null && !columns.contains(guard)) {
      throw new IllegalArgumentException("Table " + name + " has no column " + guard);
    }
  }

  List<String> keyColumns() {
    return columns.subList(0, keys);
  }
}
