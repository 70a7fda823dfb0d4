package gg.suggestions.query.console;

import gg.suggestions.eventstore.contract.Contracts;
import gg.suggestions.eventstore.registry.EventTypeRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;

/**
 * The event stream as the console shows it, newest first: from the command replica ({@code
 * cmd.domain_event_entry}) where it shares this database, which holds every event with its
 * aggregate, sequence and time and has an index for each filter. Every query is paged by position
 * (keyset), so a page costs the same with 2 or 200 million events behind it.
 */
final class EventBrowser {

  /** One event of the log, its payload and metadata as the JSON they were written as. */
  record Event(
      long position,
      String id,
      String type,
      String aggregate,
      long sequence,
      String time,
      String metadata,
      String payload) {

    /** The event type's simple name, as the contracts name it. */
    public String shortType() {
      return type.substring(type.lastIndexOf('.') + 1);
    }
  }

  /**
   * What to show: each part null for any.
   *
   * @param type an event type as the log names it (one of {@link #TYPES})
   * @param guild a guild id: its config and every aggregate keyed under it
   * @param aggregate one aggregate's id
   * @param before only events up to the last one written at or before this ISO-8601 instant
   */
  record Filter(String type, String guild, String aggregate, String before) {}

  /** Every event type this build knows, as the log names them. */
  static final Set<String> TYPES = new TreeSet<>(EventTypeRegistry.of(Contracts.events()).types());

  private static final String COLUMNS =
      "SELECT global_index, event_identifier, payload_type, aggregate_identifier,"
          + " sequence_number, time_stamp, convert_from(meta_data, 'UTF8'),"
          + " convert_from(payload, 'UTF8') FROM cmd.domain_event_entry";

  private static final RowMapper<Event> ROW =
      (rs, i) ->
          new Event(
              rs.getLong(1),
              rs.getString(2),
              rs.getString(3),
              rs.getString(4),
              rs.getLong(5),
              rs.getString(6),
              rs.getString(7),
              rs.getString(8));

  private final JdbcTemplate jdbc;

  EventBrowser(JdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  /** Whether the command replica is in this database. */
  boolean isAvailable() {
    return jdbc.queryForObject(
        "SELECT to_regclass('cmd.domain_event_entry') IS NOT NULL", Boolean.class);
  }

  /**
   * Up to {@code size} events matching {@code filter} before position {@code below} (or the
   * newest).
   */
  List<Event> page(Filter filter, Long below, int size) {
    List<Object> args = new ArrayList<>();
    StringBuilder where = where(filter, args);
    if (below != null) {
      where.append(" AND global_index < ?");
      args.add(below);
    }
    if (filter.before() != null) {
      // The time index finds the last event written by then; the page reads back from it by
      // position (events are applied in about the order they were written), so an old instant
      // costs one index probe, not a scan from the newest event down.
      Long last =
          jdbc.query(
              "SELECT global_index FROM cmd.domain_event_entry WHERE time_stamp <= ?"
                  + " ORDER BY time_stamp DESC LIMIT 1",
              rs -> rs.next() ? rs.getLong(1) : null,
              filter.before());
      where.append(" AND global_index <= ?");
      args.add(last == null ? -1 : last);
    }
    args.add(size);
    return jdbc.query(COLUMNS + where + " ORDER BY global_index DESC LIMIT ?", ROW, args.toArray());
  }

  /** Events matching {@code filter} written after position {@code above}, newest first: a tail. */
  List<Event> after(Filter filter, long above, int size) {
    List<Object> args = new ArrayList<>();
    StringBuilder where = where(filter, args);
    where.append(" AND global_index > ?");
    args.add(above);
    args.add(size);
    return jdbc.query(COLUMNS + where + " ORDER BY global_index DESC LIMIT ?", ROW, args.toArray());
  }

  /** Every event of one aggregate, oldest first: a suggestion's full history. */
  List<Event> history(String aggregate) {
    return jdbc.query(
        COLUMNS + " WHERE aggregate_identifier = ? ORDER BY sequence_number", ROW, aggregate);
  }

  private static StringBuilder where(Filter filter, List<Object> args) {
    StringBuilder where = new StringBuilder(" WHERE true");
    if (filter.type() != null) {
      where.append(" AND payload_type = ?");
      args.add(filter.type());
    }
    if (filter.aggregate() != null) {
      where.append(" AND aggregate_identifier = ?");
      args.add(filter.aggregate());
    }
    if (filter.guild() != null) {
      where.append(" AND (aggregate_identifier = ? OR aggregate_identifier LIKE ?)");
      args.add(filter.guild());
      args.add(filter.guild() + "/%");
    }
    return where;
  }
}
