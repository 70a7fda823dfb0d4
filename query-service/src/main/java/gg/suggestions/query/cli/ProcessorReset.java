package gg.suggestions.query.cli;

import gg.suggestions.query.ProjectionCatalog;
import gg.suggestions.query.projection.ProjectionProcessor;
import gg.suggestions.query.projection.ProjectionTables;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import javax.sql.DataSource;

/**
 * {@code rebuild --mode processor}: empties the projections and resets their processors' tokens to
 * the start, so the processors replay the log through their handlers when the query nodes start.
 * Refuses while a node still holds a processor's claim: the nodes must be stopped first.
 */
final class ProcessorReset {

  /** A claim younger than this belongs to a running node. */
  private static final Duration LIVE_CLAIM = Duration.ofSeconds(30);

  private final Connections connections;
  private final DataSource database;
  private final PrintWriter out;

  ProcessorReset(Connections connections, DataSource database, PrintWriter out) {
    this.connections = connections;
    this.database = database;
    this.out = out;
  }

  int reset(List<ProjectionCatalog.Entry> entries, String from) throws SQLException {
    for (ProjectionCatalog.Entry entry : entries) {
      refuseIfClaimed(entry.name());
    }
    for (ProjectionCatalog.Entry entry : entries) {
      String schema = ProjectionProcessor.schemaOf(entry.name());
      try (Connection c = database.getConnection()) {
        c.setAutoCommit(false);
        try (var statement = c.createStatement()) {
          for (String table : ProjectionTables.of(c, schema)) {
            statement.execute("TRUNCATE " + schema + "." + table);
          }
          statement.execute("TRUNCATE " + schema + ".dead_letter");
        }
        c.commit();
      }
      var start = StartOffsets.parse(from, connections.kafka(), entry.topic());
      ProjectionProcessor.resetToken(database, entry.name(), start);
      out.printf(
          "%s: emptied; its processor replays from %s when the query nodes start%n",
          entry.name(), start.isEmpty() ? "the beginning" : start);
    }
    return 0;
  }

  private void refuseIfClaimed(String name) throws SQLException {
    String schema = ProjectionProcessor.schemaOf(name);
    try (Connection c = database.getConnection();
        var query =
            c.prepareStatement(
                "SELECT owner, timestamp FROM "
                    + schema
                    + ".token_entry WHERE owner IS NOT NULL")) {
      try (var rows = query.executeQuery()) {
        while (rows.next()) {
          Instant claimed = Instant.parse(rows.getString(2));
          if (claimed.isAfter(Instant.now().minus(LIVE_CLAIM))) {
            throw new IllegalStateException(
                "Processor "
                    + name
                    + " is running on node "
                    + rows.getString(1)
                    + " (claimed at "
                    + claimed
                    + "). Stop every query node first, or use --mode shadow, which needs no stop.");
          }
        }
      }
    }
  }
}
