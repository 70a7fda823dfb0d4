package gg.suggestions.deploy.runtime;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real PostgreSQL 17 server from the embedded distribution, with its data kept in one folder
 * across restarts and durable commits (fsync on), like a production server.
 *
 * <p>PostgreSQL runs as a child process, so a platform killed with {@code kill -9} leaves it
 * running. Before starting, a server that an earlier run left on the same data folder is stopped.
 */
final class EmbeddedDatabase implements AutoCloseable {

  static final String DATABASE = "suggestions";
  static final String USER = "postgres";

  private static final Logger log = LoggerFactory.getLogger(EmbeddedDatabase.class);

  private final EmbeddedPostgres server;

  private EmbeddedDatabase(EmbeddedPostgres server) {
    this.server = server;
  }

  static EmbeddedDatabase start(Path dataDir, Path runtimeDir, int port) throws StartupProblem {
    try {
      Files.createDirectories(runtimeDir);
      EmbeddedPostgres server =
          EmbeddedPostgres.builder()
              .setDataDirectory(dataDir)
              .setCleanDataDirectory(false)
              .setOverrideWorkingDirectory(runtimeDir.toFile())
              .setPort(port)
              .setRegisterShutdownHook(false)
              .setPGStartupWait(Duration.ofSeconds(60))
              // The embedded distribution defaults to test settings; this folder holds real data.
              .setServerConfig("fsync", "on")
              .setServerConfig("synchronous_commit", "on")
              .setServerConfig("full_page_writes", "on")
              .setServerConfig("listen_addresses", "127.0.0.1")
              .start();
      var database = new EmbeddedDatabase(server);
      database.createDatabaseIfMissing();
      log.info("Embedded PostgreSQL ready at {} (data in {})", database.jdbcUrl(), dataDir);
      return database;
    } catch (IOException | SQLException e) {
      throw new StartupProblem(
          "The embedded PostgreSQL could not start with data in " + dataDir + ": " + e.getMessage(),
          e);
    }
  }

  String jdbcUrl() {
    return "jdbc:postgresql://127.0.0.1:" + server.getPort() + "/" + DATABASE;
  }

  private void createDatabaseIfMissing() throws SQLException {
    try (Connection c = server.getPostgresDatabase().getConnection();
        PreparedStatement exists =
            c.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
      exists.setString(1, DATABASE);
      if (!exists.executeQuery().next()) {
        // The name is a constant: DDL takes no bind parameters.
        c.createStatement().execute("CREATE DATABASE " + DATABASE);
        log.info("Created database {}", DATABASE);
      }
    }
  }

  /**
   * Stops a postmaster that an earlier, crashed run left on this data folder. Call it before
   * checking ports: the stale server holds the port the new one needs.
   */
  static void stopStaleServer(Path dataDir) throws StartupProblem {
    try {
      stopPostmaster(dataDir);
    } catch (IOException e) {
      throw new StartupProblem("Cannot check " + dataDir + " for a running PostgreSQL: " + e, e);
    }
  }

  private static void stopPostmaster(Path dataDir) throws IOException {
    Optional<ProcessHandle> stale = postmaster(dataDir);
    if (stale.isEmpty()) {
      return;
    }
    ProcessHandle process = stale.get();
    log.warn(
        "Stopping PostgreSQL (pid {}) left running on {} by an earlier run",
        process.pid(),
        dataDir);
    process.destroy(); // SIGTERM: a smart shutdown; the earlier run's clients are gone.
    try {
      process.onExit().get(30, java.util.concurrent.TimeUnit.SECONDS);
    } catch (Exception timedOut) {
      log.warn(
          "PostgreSQL (pid {}) did not stop in 30 s; killing it (WAL recovery follows)",
          process.pid());
      process.destroyForcibly();
      process.onExit().join();
    }
  }

  private static Optional<ProcessHandle> postmaster(Path dataDir) throws IOException {
    Path pidFile = dataDir.resolve("postmaster.pid");
    if (!Files.exists(pidFile)) {
      return Optional.empty();
    }
    String firstLine = Files.readAllLines(pidFile).stream().findFirst().orElse("").trim();
    if (!firstLine.matches("\\d+")) {
      return Optional.empty();
    }
    return ProcessHandle.of(Long.parseLong(firstLine))
        .filter(ProcessHandle::isAlive)
        .filter(p -> p.info().command().map(c -> c.endsWith("postgres")).orElse(false));
  }

  @Override
  public void close() throws IOException {
    server.close();
    log.info("Embedded PostgreSQL stopped");
  }
}
