package gg.suggestions.query.cli;

import gg.suggestions.eventstore.deadletter.SafeText;
import gg.suggestions.eventstore.log.KafkaEventLogSource;
import gg.suggestions.eventstore.log.KafkaTrackingToken;
import gg.suggestions.query.ProjectionCatalog;
import gg.suggestions.query.projection.ProjectionProcessor;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import javax.sql.DataSource;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.serialization.SimpleSerializedObject;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code status}: per projection, who runs its processor, how far it has read, how far behind the
 * log's end it is, and how many events it dead-lettered; then how many records the command replica
 * dead-lettered, if it shares the database; then every record on the log that no reader could
 * decode at all, with its place. Exits {@link Suggestionsctl#FOUND_SOMETHING} if there are any dead
 * letters or unreadable records.
 */
@Command(
    name = "status",
    mixinStandardHelpOptions = true,
    description = "Show each projection's processor, position, lag and dead letters.")
final class StatusCommand implements Callable<Integer> {

  @Mixin Connections connections;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    DataSource database = connections.database();
    Map<String, Map<Integer, Long>> ends = new HashMap<>();
    boolean deadLetters = false;
    out.printf(
        "%-14s %-40s %14s %10s %12s%n", "PROJECTION", "OWNER", "POSITION", "LAG", "DEAD LETTERS");
    for (ProjectionCatalog.Entry entry : ProjectionCatalog.ALL) {
      Map<Integer, Long> end = ends.computeIfAbsent(entry.topic(), topic -> endOf(topic));
      Row row = row(database, entry.name());
      if (row == null) {
        out.printf("%-14s %-40s%n", entry.name(), "(not created yet: no node has run it)");
        continue;
      }
      long position = row.token.offsets().values().stream().mapToLong(Long::longValue).sum();
      long lag =
          end.entrySet().stream()
              .mapToLong(e -> Math.max(0, e.getValue() - row.token.nextOffset(e.getKey())))
              .sum();
      deadLetters |= row.deadLetters > 0;
      out.printf(
          "%-14s %-40s %,14d %,10d %,12d%n",
          entry.name(),
          row.bootstrap != null ? row.bootstrap : row.owner == null ? "(unclaimed)" : row.owner,
          position,
          lag,
          row.deadLetters);
    }
    long replica = replicaDeadLetters(database);
    if (replica >= 0) {
      out.printf("%-14s %-40s %14s %10s %,12d%n", "replica (cmd)", "", "", "", replica);
    }
    Map<String, Unreadable> unreadable = unreadable(database, replica >= 0);
    printUnreadable(out, unreadable);
    return deadLetters || replica > 0 || !unreadable.isEmpty() ? Suggestionsctl.FOUND_SOMETHING : 0;
  }

  /** The most unreadable records listed one by one; the rest are counted per partition. */
  static final int LISTED = 20;

  /**
   * A record no reader could decode at all (not an envelope), as its readers dead-lettered it.
   *
   * @param readers which projections (or the command replica) dead-lettered it
   */
  private record Unreadable(
      String topic, int partition, long offset, Set<String> readers, String error) {}

  /**
   * Every record that some reader could not decode at all, once, by place: the dead letters without
   * an event id of every projection, and of the command replica when it shares this database.
   */
  private static Map<String, Unreadable> unreadable(DataSource database, boolean replica)
      throws SQLException {
    Map<String, Unreadable> found = new TreeMap<>();
    List<String> readers = new ArrayList<>();
    for (ProjectionCatalog.Entry entry : ProjectionCatalog.ALL) {
      readers.add(entry.name());
    }
    if (replica) {
      readers.add("replica (cmd)");
    }
    try (Connection c = database.getConnection()) {
      for (String reader : readers) {
        String table =
            reader.startsWith("replica")
                ? "cmd.dead_letter"
                : ProjectionProcessor.schemaOf(reader) + ".dead_letter";
        try (var exists = c.prepareStatement("SELECT to_regclass(?)")) {
          exists.setString(1, table);
          try (var rows = exists.executeQuery()) {
            if (!rows.next() || rows.getString(1) == null) {
              continue;
            }
          }
        }
        try (var statement = c.createStatement();
            var rows =
                statement.executeQuery(
                    "SELECT topic, log_partition, log_offset, error FROM "
                        + table
                        + " WHERE event_id IS NULL AND topic IS NOT NULL AND log_offset >= 0")) {
          while (rows.next()) {
            var letter =
                new Unreadable(
                    rows.getString(1),
                    rows.getInt(2),
                    rows.getLong(3),
                    new TreeSet<>(),
                    rows.getString(4));
            String place =
                String.format("%s-%05d@%019d", letter.topic(), letter.partition(), letter.offset());
            found.computeIfAbsent(place, p -> letter).readers().add(reader);
          }
        }
      }
    }
    return found;
  }

  private static void printUnreadable(PrintWriter out, Map<String, Unreadable> unreadable) {
    if (unreadable.isEmpty()) {
      return;
    }
    out.printf(
        "%nUNREADABLE RECORDS: %,d on the log that no reader could decode (not an envelope)%n",
        unreadable.size());
    Map<String, Long> perPartition = new TreeMap<>();
    int listed = 0;
    for (Unreadable record : unreadable.values()) {
      perPartition.merge(record.topic() + "-" + record.partition(), 1L, Long::sum);
      if (listed++ < LISTED) {
        out.printf(
            "  %s-%d offset %d (%s): %s%n",
            record.topic(),
            record.partition(),
            record.offset(),
            String.join(", ", record.readers()),
            SafeText.printable(record.error(), 160));
      }
    }
    if (unreadable.size() > LISTED) {
      out.printf("  ... and %,d more; per partition:%n", unreadable.size() - LISTED);
      perPartition.forEach((partition, count) -> out.printf("    %s: %,d%n", partition, count));
    }
  }

  /**
   * The command replica's dead letters, when it shares this database (the all-in-one and most
   * deployments); -1 if it lives elsewhere.
   */
  private static long replicaDeadLetters(DataSource database) throws SQLException {
    try (Connection c = database.getConnection();
        var statement = c.createStatement()) {
      try (var exists = statement.executeQuery("SELECT to_regclass('cmd.dead_letter')")) {
        if (!exists.next() || exists.getString(1) == null) {
          return -1;
        }
      }
      try (var count = statement.executeQuery("SELECT count(*) FROM cmd.dead_letter")) {
        count.next();
        return count.getLong(1);
      }
    }
  }

  /**
   * @param bootstrap a node building the projection from the log with the bulk path, and how far it
   *     is, or null
   */
  private record Row(String owner, KafkaTrackingToken token, long deadLetters, String bootstrap) {}

  /**
   * Just past each partition's last committed record: the lag is counted up to there, so the commit
   * markers and the writers' aborted marks after it do not show an idle projection behind.
   */
  private Map<Integer, Long> endOf(String topic) {
    var source =
        new KafkaEventLogSource(connections.kafka(), topic, ProjectionCatalog.recordsOf(topic));
    return source.lastRecordToken().offsets();
  }

  private static Row row(DataSource database, String name) throws SQLException {
    String schema = ProjectionProcessor.schemaOf(name);
    try (Connection c = database.getConnection()) {
      try (var exists = c.prepareStatement("SELECT 1 FROM pg_namespace WHERE nspname = ?")) {
        exists.setString(1, schema);
        try (var rows = exists.executeQuery()) {
          if (!rows.next()) {
            return null;
          }
        }
      }
      String owner = null;
      KafkaTrackingToken token = KafkaTrackingToken.empty();
      try (var statement = c.createStatement();
          var rows =
              statement.executeQuery(
                  "SELECT owner, token, token_type FROM "
                      + schema
                      + ".token_entry"
                      + " WHERE segment >= 0 ORDER BY segment")) {
        while (rows.next()) {
          owner = rows.getString(1);
          byte[] bytes = rows.getBytes(2);
          if (bytes != null) {
            token = tokenOf(bytes, rows.getString(3));
          }
        }
      }
      long dead;
      try (var statement = c.createStatement();
          var rows = statement.executeQuery("SELECT count(*) FROM " + schema + ".dead_letter")) {
        rows.next();
        dead = rows.getLong(1);
      }
      return new Row(owner, token, dead, bootstrap(c, schema));
    }
  }

  /** Who is bootstrapping the projection in {@code schema}, and how far, if anyone is. */
  private static String bootstrap(Connection c, String schema) throws SQLException {
    try (var exists = c.prepareStatement("SELECT to_regclass(?)")) {
      exists.setString(1, schema + ".bootstrap");
      try (var rows = exists.executeQuery()) {
        if (!rows.next() || rows.getString(1) == null) {
          return null;
        }
      }
    }
    try (var statement = c.createStatement();
        var rows =
            statement.executeQuery(
                "SELECT node, events_read, events FROM "
                    + schema
                    + ".bootstrap ORDER BY updated_at DESC LIMIT 1")) {
      if (!rows.next()) {
        return null;
      }
      long events = rows.getLong(3);
      long percent = events == 0 ? 100 : rows.getLong(2) * 100 / events;
      return "bootstrapping " + percent + "% on " + rows.getString(1);
    }
  }

  private static KafkaTrackingToken tokenOf(byte[] bytes, String type) {
    TrackingToken token =
        ProjectionProcessor.tokenSerializer()
            .deserialize(new SimpleSerializedObject<>(bytes, byte[].class, type, null));
    return token instanceof KafkaTrackingToken kafka ? kafka : KafkaTrackingToken.empty();
  }
}
