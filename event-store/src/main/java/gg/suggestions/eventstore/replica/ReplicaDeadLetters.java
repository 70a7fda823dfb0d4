package gg.suggestions.eventstore.replica;

import gg.suggestions.eventstore.deadletter.DeadLetter;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Writes the replica's dead letters ({@code cmd.dead_letter}), one log line each. */
final class ReplicaDeadLetters {

  private static final Logger log = LoggerFactory.getLogger(ReplicaDeadLetters.class);

  private static final String INSERT =
      """
      INSERT INTO cmd.dead_letter (topic, log_partition, log_offset, event_id, event_type,
          aggregate_id, error, raw)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?)
      ON CONFLICT (topic, log_partition, log_offset) DO NOTHING""";

  private ReplicaDeadLetters() {}

  static void insert(Connection c, List<DeadLetter> dead) throws SQLException {
    if (dead.isEmpty()) {
      return;
    }
    try (PreparedStatement insert = c.prepareStatement(INSERT)) {
      for (DeadLetter letter : dead) {
        log.error(
            "Replica dead-letters {}-{} offset {} (event {}): {}",
            letter.topic(),
            letter.partition(),
            letter.offset(),
            letter.eventId(),
            letter.error());
        insert.setString(1, letter.topic());
        insert.setInt(2, letter.partition());
        insert.setLong(3, letter.offset());
        insert.setString(4, letter.eventId());
        insert.setString(5, letter.type());
        insert.setString(6, letter.aggregateId());
        insert.setString(7, letter.error());
        insert.setBytes(8, letter.raw());
        insert.addBatch();
      }
      insert.executeBatch();
    }
  }
}
