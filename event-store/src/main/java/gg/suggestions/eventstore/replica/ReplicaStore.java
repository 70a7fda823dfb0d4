package gg.suggestions.eventstore.replica;

import gg.suggestions.eventstore.envelope.AxonEnvelopes;
import gg.suggestions.eventstore.envelope.EventEnvelope;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import javax.sql.DataSource;
import org.axonframework.eventhandling.DomainEventData;
import org.flywaydb.core.Flyway;

/**
 * Writes events into the replica, together with the partition's checkpoint, in one PostgreSQL
 * transaction: after a crash the checkpoint never claims an event the rows do not hold.
 *
 * <p>Writing is idempotent on the event id, so catching up over events that are already there (the
 * write after a Kafka commit raced a crash) is harmless. Thread-safe; each call uses its own
 * connection.
 */
public final class ReplicaStore {

  public static final String SCHEMA = "cmd";

  private static final String INSERT_EVENT =
      """
      INSERT INTO cmd.domain_event_entry (event_identifier, meta_data, payload, payload_revision,
          payload_type, time_stamp, aggregate_identifier, sequence_number, type)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
      ON CONFLICT (event_identifier) DO NOTHING""";

  private static final String UPSERT_CHECKPOINT =
      """
      INSERT INTO cmd.replica_checkpoint (log_partition, next_offset) VALUES (?, ?)
      ON CONFLICT (log_partition) DO UPDATE SET next_offset = GREATEST(
          cmd.replica_checkpoint.next_offset, EXCLUDED.next_offset)""";

  private final DataSource dataSource;
  private final AxonEnvelopes envelopes;

  /**
   * @param envelopes the same conversion Axon reads with, so replica rows and log records hold the
   *     same bytes
   */
  public ReplicaStore(DataSource dataSource, AxonEnvelopes envelopes) {
    this.dataSource = dataSource;
    this.envelopes = envelopes;
  }

  /** Creates or upgrades the replica's tables. */
  public void migrate() {
    Flyway.configure()
        .dataSource(dataSource)
        .schemas(SCHEMA)
        .locations("classpath:db/replica")
        .load()
        .migrate();
  }

  /** The next offset of {@code partition} the replica has not applied; 0 if none. */
  public long checkpoint(int partition) throws SQLException {
    try (Connection c = dataSource.getConnection();
        PreparedStatement select =
            c.prepareStatement(
                "SELECT next_offset FROM cmd.replica_checkpoint WHERE log_partition = ?")) {
      select.setInt(1, partition);
      try (ResultSet row = select.executeQuery()) {
        return row.next() ? row.getLong(1) : 0L;
      }
    }
  }

  /**
   * Applies events of one partition and moves its checkpoint to {@code nextOffset}, atomically. The
   * checkpoint never moves back.
   */
  public void apply(int partition, List<EventEnvelope> events, long nextOffset)
      throws SQLException {
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(false);
      try {
        insertEvents(c, events);
        moveCheckpoint(c, partition, nextOffset);
        c.commit();
      } catch (SQLException | RuntimeException e) {
        c.rollback();
        throw e;
      }
    }
  }

  private void insertEvents(Connection c, List<EventEnvelope> events) throws SQLException {
    try (PreparedStatement insert = c.prepareStatement(INSERT_EVENT)) {
      for (EventEnvelope envelope : events) {
        DomainEventData<byte[]> e = envelopes.toEventData(envelope);
        insert.setString(1, e.getEventIdentifier());
        insert.setBytes(2, e.getMetaData().getData());
        insert.setBytes(3, e.getPayload().getData());
        insert.setString(4, e.getPayload().getType().getRevision());
        insert.setString(5, e.getPayload().getType().getName());
        insert.setString(6, e.getTimestamp().toString());
        insert.setString(7, e.getAggregateIdentifier());
        insert.setLong(8, e.getSequenceNumber());
        insert.setString(9, e.getType());
        insert.addBatch();
      }
      insert.executeBatch();
    }
  }

  private static void moveCheckpoint(Connection c, int partition, long nextOffset)
      throws SQLException {
    try (PreparedStatement upsert = c.prepareStatement(UPSERT_CHECKPOINT)) {
      upsert.setInt(1, partition);
      upsert.setLong(2, nextOffset);
      upsert.executeUpdate();
    }
  }
}
