package gg.suggestions.query.projection.store;

import gg.suggestions.eventstore.privacy.Sealing;
import gg.suggestions.query.projection.ProjectionProcessor;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A projection's read model in its schema of the live database: every call is one statement that
 * joins the caller's transaction (the processor's, which also stores its token).
 */
public final class JdbcStore implements Store {

  private final JdbcTemplate jdbc;
  private final String schema;

  public JdbcStore(JdbcTemplate jdbc, String schema) {
    this.jdbc = jdbc;
    this.schema = schema;
  }

  /** The store of projection {@code name} in the live database: its schema {@code p_<name>}. */
  public static JdbcStore live(JdbcTemplate jdbc, String name) {
    return new JdbcStore(jdbc, ProjectionProcessor.schemaOf(name));
  }

  @Override
  public void forget(List<MemberColumns> where, String userId, String pseudonym) {
    for (MemberColumns columns : where) {
      String table = schema + "." + columns.table();
      String id = columns.idColumn();
      if (!columns.countColumns().isEmpty()) {
        // Counts under the pseudonym already (read after the key was gone) add up.
        List<String> select = new ArrayList<>();
        for (String column : columns.keyColumns()) {
          select.add(column.equals(id) ? "?" : column);
        }
        select.addAll(columns.countColumns());
        List<String> all = new ArrayList<>(columns.keyColumns());
        all.addAll(columns.countColumns());
        jdbc.update(
            "INSERT INTO "
                + table
                + " AS t ("
                + String.join(", ", all)
                + ") SELECT "
                + String.join(", ", select)
                + " FROM "
                + table
                + " WHERE "
                + id
                + " = ? ON CONFLICT ("
                + String.join(", ", columns.keyColumns())
                + ") DO UPDATE SET "
                + columns.countColumns().stream()
                    .map(c -> c + " = t." + c + " + EXCLUDED." + c)
                    .collect(Collectors.joining(", ")),
            pseudonym,
            userId);
        jdbc.update("DELETE FROM " + table + " WHERE " + id + " = ?", userId);
        continue;
      }
      StringBuilder update =
          new StringBuilder("UPDATE ").append(table).append(" AS t SET ").append(id).append(" = ?");
      List<Object> parameters = new ArrayList<>();
      parameters.add(pseudonym);
      for (String text : columns.textColumns()) {
        update.append(", ").append(text).append(" = CASE WHEN t.").append(text);
        update.append(" IS NULL THEN NULL ELSE ? END");
        parameters.add(Sealing.REMOVED);
      }
      update.append(" WHERE t.").append(id).append(" = ?");
      parameters.add(userId);
      if (!columns.keyColumns().isEmpty()) {
        // A row under the pseudonym already is the newer one: the older goes (next statement).
        update.append(" AND NOT EXISTS (SELECT 1 FROM ").append(table).append(" o WHERE o.");
        update.append(id).append(" = ?");
        parameters.add(pseudonym);
        for (String column : columns.keyColumns()) {
          if (!column.equals(id)) {
            update.append(" AND o.").append(column).append(" = t.").append(column);
          }
        }
        update.append(')');
      }
      jdbc.update(update.toString(), parameters.toArray());
      if (!columns.keyColumns().isEmpty()) {
        jdbc.update("DELETE FROM " + table + " WHERE " + id + " = ?", userId);
      }
    }
  }

  @Override
  public <R> List<R> rowsMentioning(Table<R> table, String column, String text) {
    return jdbc.query(
        "SELECT "
            + String.join(", ", table.columns())
            + " FROM "
            + schema
            + "."
            + table.name()
            + " WHERE position(? in "
            + column
            + "::text) > 0 FOR UPDATE", // Rewritten next: no segment's change in between.
        table.read(),
        text);
  }

  @Override
  public <R> Rows<R> rows(Table<R> table) {
    String qualified = schema + "." + table.name();
    String where =
        table.keyColumns().stream().map(c -> c + " = ?").collect(Collectors.joining(" AND "));
    // Locked until the processor's transaction ends: a read-modify-write of a row by one segment
    // and a forgetting's scrub of it by another (whose events are on another partition) take
    // turns, instead of the row written back as it was read before the scrub.
    String select =
        "SELECT "
            + String.join(", ", table.columns())
            + " FROM "
            + qualified
            + " WHERE "
            + where
            + " FOR UPDATE";
    String placeholders =
        table.columns().stream()
            .map(c -> table.json().contains(c) ? "?::jsonb" : "?")
            .collect(Collectors.joining(", "));
    String updates =
        table.columns().subList(table.keys(), table.columns().size()).stream()
            .map(c -> c + " = EXCLUDED." + c)
            .collect(Collectors.joining(", "));
    String upsert =
        "INSERT INTO "
            + qualified
            + " AS t ("
            + String.join(", ", table.columns())
            + ") VALUES ("
            + placeholders
            + ") ON CONFLICT ("
            + String.join(", ", table.keyColumns())
            + ") DO "
            + (updates.isEmpty() ? "NOTHING" : "UPDATE SET " + updates)
            + (table.guard() == null || updates.isEmpty()
                ? ""
                : " WHERE t." + table.guard() + " < EXCLUDED." + table.guard());
    String delete = "DELETE FROM " + qualified + " WHERE " + where;
    List<String> values = table.columns().subList(table.keys(), table.columns().size());
    String replace =
        "UPDATE "
            + qualified
            + " SET "
            + values.stream()
                .map(c -> c + (table.json().contains(c) ? " = ?::jsonb" : " = ?"))
                .collect(Collectors.joining(", "))
            + " WHERE "
            + where;
    return new Rows<>() {
      @Override
      public Optional<R> find(Object... key) {
        return jdbc.query(select, table.read(), parameters(key)).stream().findFirst();
      }

      @Override
      public void put(R row) {
        jdbc.update(upsert, parameters(table.values().apply(row)));
      }

      @Override
      public void remove(Object... key) {
        jdbc.update(delete, parameters(key));
      }

      @Override
      public void replace(R row) {
        Object[] all = table.values().apply(row);
        Object[] reordered = new Object[all.length];
        int keys = table.keys();
        System.arraycopy(all, keys, reordered, 0, all.length - keys);
        System.arraycopy(all, 0, reordered, all.length - keys, keys);
        jdbc.update(replace, parameters(reordered));
      }
    };
  }

  @Override
  public Counts counts(Counter counter) {
    String add =
        "INSERT INTO "
            + schema
            + "."
            + counter.name()
            + " AS t ("
            + String.join(", ", counter.columns())
            + ") VALUES ("
            + counter.columns().stream().map(c -> "?").collect(Collectors.joining(", "))
            + ") ON CONFLICT ("
            + String.join(", ", counter.keys())
            + ") DO UPDATE SET "
            + counter.counts().stream()
                .map(c -> c + " = t." + c + " + EXCLUDED." + c)
                .collect(Collectors.joining(", "));
    return (key, amounts) ->
        jdbc.update(
            add, parameters(Stream.concat(key.stream(), Arrays.stream(amounts).boxed()).toArray()));
  }

  /** The values as JDBC parameters: instants as timestamps, days as dates. */
  private static Object[] parameters(Object[] values) {
    Object[] parameters = new Object[values.length];
    for (int i = 0; i < values.length; i++) {
      Object value = values[i];
      if (value instanceof Instant at) {
        value = Timestamp.from(at);
      } else if (value instanceof LocalDate day) {
        value = Date.valueOf(day);
      } else if (value instanceof Enum<?> constant) {
        value = constant.name();
      }
      parameters[i] = value;
    }
    return parameters;
  }
}
