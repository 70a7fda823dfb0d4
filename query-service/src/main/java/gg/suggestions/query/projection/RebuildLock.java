package gg.suggestions.query.projection;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * One rebuild at a time per database: a node's bootstrap and {@code suggestionsctl rebuild} both
 * build into {@code p_<name>_next}, and one must not drop or fill the other's copy. A PostgreSQL
 * session-level advisory lock, held on its own connection; a process that dies releases it with the
 * connection.
 */
public final class RebuildLock implements AutoCloseable {

  private static final String KEY = "hashtext('suggestions.rebuild')";

  private final Connection connection;

  private RebuildLock(Connection connection) {
    this.connection = connection;
  }

  /** Waits until no other rebuild of this database runs, and holds the lock. */
  public static RebuildLock acquire(DataSource dataSource) throws SQLException {
    Connection c = dataSource.getConnection();
    try (var statement = c.createStatement()) {
      statement.execute("SELECT pg_advisory_lock(" + KEY + ")");
      return new RebuildLock(c);
    } catch (SQLException | RuntimeException e) {
      c.close();
      throw e;
    }
  }

  /** The lock if no other rebuild of this database runs now; empty if one does. */
  public static Optional<RebuildLock> tryAcquire(DataSource dataSource) throws SQLException {
    Connection c = dataSource.getConnection();
    try (var statement = c.createStatement();
        var rows = statement.executeQuery("SELECT pg_try_advisory_lock(" + KEY + ")")) {
      if (rows.next() && rows.getBoolean(1)) {
        return Optional.of(new RebuildLock(c));
      }
      c.close();
      return Optional.empty();
    } catch (SQLException | RuntimeException e) {
      c.close();
      throw e;
    }
  }

  @Override
  public void close() throws SQLException {
    try (connection;
        var statement = connection.createStatement()) {
      statement.execute("SELECT pg_advisory_unlock(" + KEY + ")");
    }
  }
}
