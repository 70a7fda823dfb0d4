package gg.suggestions.eventstore.replica;

import gg.suggestions.eventstore.deadletter.DeadLetter;
import gg.suggestions.eventstore.deadletter.RecordFaults;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.util.List;

/**
 * Inserts the rows of one catch-up chunk as one batch; if a row is refused for what it holds (a
 * {@linkplain RecordFaults record fault}, or a conversion that throws), inserts them again one by
 * one under savepoints and dead-letters each refused row, in the same transaction. Any other
 * failure propagates: the database is what failed, and the chunk is retried as it is.
 */
final class ChunkInsert {

  /** Binds one row's parameters; throws for a value that must never reach the table. */
  interface Binder<T> {
    void bind(PreparedStatement insert, T value) throws SQLException;
  }

  private ChunkInsert() {}

  static <T> void insert(Connection c, String sql, List<Read<T>> rows, Binder<T> binder)
      throws SQLException {
    if (rows.isEmpty()) {
      return;
    }
    Savepoint before = c.setSavepoint();
    try (PreparedStatement insert = c.prepareStatement(sql)) {
      for (Read<T> row : rows) {
        binder.bind(insert, row.value());
        insert.addBatch();
      }
      insert.executeBatch();
      return;
    } catch (SQLException e) {
      if (!RecordFaults.isRecordFault(e)) {
        throw e;
      }
    } catch (RuntimeException refused) {
      // A row that does not convert: found and dead-lettered one by one below.
    }
    c.rollback(before);
    oneByOne(c, sql, rows, binder);
  }

  private static <T> void oneByOne(Connection c, String sql, List<Read<T>> rows, Binder<T> binder)
      throws SQLException {
    try (PreparedStatement insert = c.prepareStatement(sql)) {
      for (Read<T> row : rows) {
        Savepoint one = c.setSavepoint();
        try {
          binder.bind(insert, row.value());
          insert.executeUpdate();
        } catch (SQLException e) {
          if (!RecordFaults.isRecordFault(e)) {
            throw e;
          }
          deadLetter(c, one, row, e);
        } catch (RuntimeException e) {
          deadLetter(c, one, row, e);
        }
      }
    }
  }

  private static void deadLetter(Connection c, Savepoint one, Read<?> row, Exception e)
      throws SQLException {
    c.rollback(one);
    ReplicaDeadLetters.insert(c, List.of(row.deadLetter(DeadLetter.describe(e))));
  }
}
