package gg.suggestions.eventstore.replica;

import gg.suggestions.eventstore.contract.userconfig.MemberForgotten;
import gg.suggestions.eventstore.deadletter.DeadLetter;
import gg.suggestions.eventstore.deadletter.SafeText;
import gg.suggestions.eventstore.envelope.AxonEnvelopes;
import gg.suggestions.eventstore.envelope.CommandCodec;
import gg.suggestions.eventstore.envelope.EnvelopeCodec;
import gg.suggestions.eventstore.envelope.EventEnvelope;
import gg.suggestions.eventstore.envelope.InteractionEnvelope;
import gg.suggestions.eventstore.envelope.ReplyEnvelope;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;
import org.axonframework.eventhandling.DomainEventData;
import org.flywaydb.core.Flyway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes events into the replica, together with the partition's checkpoint, in one PostgreSQL
 * transaction: after a crash the checkpoint never claims an event the rows do not hold.
 *
 * <p>Writing is idempotent on the event id, so catching up over events that are already there (the
 * write after a Kafka commit raced a crash) is harmless. Thread-safe; each call uses its own
 * connection.
 */
public final class ReplicaStore {

  private static final Logger log = LoggerFactory.getLogger(ReplicaStore.class);

  public static final String SCHEMA = "cmd";

  private static final String INSERT_EVENT =
      """
      INSERT INTO cmd.domain_event_entry (event_identifier, meta_data, payload, payload_revision,
          payload_type, time_stamp, aggregate_identifier, sequence_number, type)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
      ON CONFLICT (event_identifier) DO NOTHING""";

  private static final String UPSERT_CHECKPOINT =
      """
      INSERT INTO cmd.%1$s (log_partition, next_offset) VALUES (?, ?)
      ON CONFLICT (log_partition) DO UPDATE SET next_offset = GREATEST(
          cmd.%1$s.next_offset, EXCLUDED.next_offset)""";

  private static final String INSERT_HANDLED =
      """
      INSERT INTO cmd.handled_command (command_id, log_partition, reply) VALUES (?, ?, ?)
      ON CONFLICT (command_id) DO NOTHING""";

  private static final String EVENTS_CHECKPOINT = "replica_checkpoint";
  private static final String INTERACTIONS_CHECKPOINT = "interaction_checkpoint";

  private final DataSource dataSource;
  private final AxonEnvelopes envelopes;
  private final CommandCodec replies = new CommandCodec(EnvelopeCodec.defaultMapper());
  private final KnownIds known = new KnownIds();

  /**
   * @param envelopes the same conversion Axon reads with, so replica rows and log records hold the
   *     same bytes
   */
  public ReplicaStore(DataSource dataSource, AxonEnvelopes envelopes) {
    this.dataSource = dataSource;
    this.envelopes = envelopes;
  }

  /** The ids this replica holds, or will once the log's commits reach it, in memory. */
  public KnownIds knownIds() {
    return known;
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

  /**
   * Binds the replica to the topics it mirrors, identified by Kafka's topic ids. A replica built
   * from other topics (another cluster, or a topic deleted and created again) is emptied, so that
   * it is rebuilt from the current log rather than deciding commands on state the log does not
   * hold. A replica from before topic ids were recorded is treated the same way.
   *
   * @param topicIds Kafka's id of each mirrored topic, by topic name
   * @return whether the replica was emptied
   */
  public boolean bindTo(Map<String, String> topicIds) throws SQLException {
    boolean[] emptied = {false};
    inTransaction(
        c -> {
          Map<String, String> recorded = ReplicaSources.recorded(c);
          if (recorded.equals(topicIds)) {
            return;
          }
          if (!recorded.isEmpty() || ReplicaSources.holdsData(c)) {
            log.warn(
                "The replica in schema {} was built from other topics ({}) than the log now holds"
                    + " ({}); emptying it so it is rebuilt from the log",
                SCHEMA,
                recorded.isEmpty() ? "unrecorded" : recorded,
                topicIds);
            try (Statement truncate = c.createStatement()) {
              truncate.execute(
                  "TRUNCATE cmd.domain_event_entry, cmd.snapshot_event_entry,"
                      + " cmd.replica_checkpoint, cmd.handled_command,"
                      + " cmd.interaction_checkpoint, cmd.replica_source, cmd.dead_letter");
            }
            emptied[0] = true;
          }
          ReplicaSources.record(c, topicIds);
        });
    return emptied[0];
  }

  /** The next offset of the event topic's {@code partition} not applied yet; 0 if none. */
  public long checkpoint(int partition) throws SQLException {
    return checkpoint(EVENTS_CHECKPOINT, partition);
  }

  /** The next offset of the interaction topic's {@code partition} not applied yet; 0 if none. */
  public long interactionCheckpoint(int partition) throws SQLException {
    return checkpoint(INTERACTIONS_CHECKPOINT, partition);
  }

  private long checkpoint(String table, int partition) throws SQLException {
    try (Connection c = dataSource.getConnection();
        PreparedStatement select =
            c.prepareStatement(
                "SELECT next_offset FROM cmd." + table + " WHERE log_partition = ?")) {
      select.setInt(1, partition);
      try (ResultSet row = select.executeQuery()) {
        return row.next() ? row.getLong(1) : 0L;
      }
    }
  }

  /** The reply a command was given, if its id was handled before. */
  public Optional<ReplyEnvelope> handledReply(String commandId) throws SQLException {
    try (Connection c = dataSource.getConnection();
        PreparedStatement select =
            c.prepareStatement("SELECT reply FROM cmd.handled_command WHERE command_id = ?")) {
      select.setString(1, commandId);
      try (ResultSet row = select.executeQuery()) {
        return row.next() ? Optional.of(replies.decodeReply(row.getBytes(1))) : Optional.empty();
      }
    }
  }

  /**
   * Records handled commands of one partition and moves the interaction checkpoint to {@code
   * nextOffset}, atomically. Idempotent on the command id.
   */
  public void recordHandled(int partition, List<InteractionEnvelope> handled, long nextOffset)
      throws SQLException {
    inTransaction(
        c -> {
          try (PreparedStatement insert = c.prepareStatement(INSERT_HANDLED)) {
            for (InteractionEnvelope interaction : handled) {
              bindHandled(insert, partition, interaction);
              insert.addBatch();
            }
            insert.executeBatch();
          }
          moveCheckpoint(c, INTERACTIONS_CHECKPOINT, partition, nextOffset);
        });
    known.addCommands(handled.stream().map(InteractionEnvelope::commandId).toList());
  }

  private void bindHandled(PreparedStatement insert, int partition, InteractionEnvelope handled)
      throws SQLException {
    insert.setString(1, handled.commandId());
    insert.setInt(2, partition);
    insert.setBytes(3, replies.encode(handled.reply()));
  }

  /**
   * Applies events of one partition and moves its checkpoint to {@code nextOffset}, atomically. The
   * checkpoint never moves back.
   */
  public void apply(int partition, List<EventEnvelope> events, long nextOffset)
      throws SQLException {
    inTransaction(
        c -> {
          insertEvents(c, events);
          dropSnapshotsOnForgetting(c, events.stream().map(EventEnvelope::type).toList());
          moveCheckpoint(c, EVENTS_CHECKPOINT, partition, nextOffset);
        });
    known.addAggregates(events.stream().map(EventEnvelope::aggregateId).toList());
  }

  /**
   * Aggregate snapshots hold aggregates' opened state, a forgotten member's ids and texts among it
   * (docs/privacy.md): a forgetting drops them all, in the transaction that stores it. They are a
   * cache; aggregates load from their events until their next snapshot.
   */
  private static void dropSnapshotsOnForgetting(Connection c, List<String> types)
      throws SQLException {
    if (types.contains(MEMBER_FORGOTTEN)) {
      try (Statement delete = c.createStatement()) {
        int dropped = delete.executeUpdate("DELETE FROM cmd.snapshot_event_entry");
        log.info("A member was forgotten: dropped {} aggregate snapshots", dropped);
      }
    }
  }

  private static final String MEMBER_FORGOTTEN = MemberForgotten.class.getSimpleName();

  private interface SqlWork {
    void run(Connection c) throws SQLException;
  }

  private void inTransaction(SqlWork work) throws SQLException {
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(false);
      try {
        work.run(c);
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
        bindEvent(insert, envelope);
        insert.addBatch();
      }
      insert.executeBatch();
    }
  }

  private void bindEvent(PreparedStatement insert, EventEnvelope envelope) throws SQLException {
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
  }

  /**
   * As {@link #apply}, for a catch-up: an event the replica can not store (an id too long or with a
   * NUL character, a type name the same, a clash with a stored aggregate sequence) and every record
   * in {@code unreadable} go to {@code cmd.dead_letter} instead, and the checkpoint moves past
   * them. Skipping is safe for the aggregate: one whose id can not be stored can never be loaded or
   * targeted anyway, and an event refused for another field was not written by the command side
   * (its ids are derived, its types registered), so no decision ever rested on it; every replica
   * skips the same records, as they come from the same immutable log.
   */
  void catchUpEvents(
      int partition, List<Read<EventEnvelope>> events, List<DeadLetter> unreadable, long next)
      throws SQLException {
    inTransaction(
        c -> {
          ChunkInsert.insert(c, INSERT_EVENT, events, this::bindStorableEvent);
          dropSnapshotsOnForgetting(c, events.stream().map(read -> read.value().type()).toList());
          ReplicaDeadLetters.insert(c, unreadable);
          moveCheckpoint(c, EVENTS_CHECKPOINT, partition, next);
        });
    known.addAggregates(events.stream().map(read -> read.value().aggregateId()).toList());
  }

  /**
   * As {@link #recordHandled}, dead-lettering what can not be stored, like {@link #catchUpEvents}.
   */
  void catchUpInteractions(
      int partition,
      List<Read<InteractionEnvelope>> handled,
      List<DeadLetter> unreadable,
      long next)
      throws SQLException {
    inTransaction(
        c -> {
          ChunkInsert.insert(
              c,
              INSERT_HANDLED,
              handled,
              (insert, interaction) -> {
                requireStorable("command id", interaction.commandId());
                bindHandled(insert, partition, interaction);
              });
          ReplicaDeadLetters.insert(c, unreadable);
          moveCheckpoint(c, INTERACTIONS_CHECKPOINT, partition, next);
        });
    known.addCommands(handled.stream().map(read -> read.value().commandId()).toList());
  }

  private void bindStorableEvent(PreparedStatement insert, EventEnvelope envelope)
      throws SQLException {
    requireStorable("event id", envelope.eventId());
    requireStorable("aggregate id", envelope.aggregateId());
    requireStorable("type", envelope.type());
    bindEvent(insert, envelope);
  }

  private static void requireStorable(String field, String value) {
    String problem = value == null ? "is missing" : SafeText.idProblem(value);
    if (problem != null) {
      throw new IllegalArgumentException("The " + field + " " + problem);
    }
  }

  /**
   * Keeps {@code letter} in {@code cmd.dead_letter} (once per topic, partition and offset), for a
   * record that is no use to anyone, such as a command that is not an envelope.
   */
  public void deadLetter(DeadLetter letter) throws SQLException {
    try (Connection c = dataSource.getConnection()) {
      ReplicaDeadLetters.insert(c, List.of(letter));
    }
  }

  /** How many records the replica dead-lettered. */
  public long deadLetterCount() throws SQLException {
    try (Connection c = dataSource.getConnection();
        Statement count = c.createStatement();
        ResultSet row = count.executeQuery("SELECT count(*) FROM cmd.dead_letter")) {
      row.next();
      return row.getLong(1);
    }
  }

  private static void moveCheckpoint(Connection c, String table, int partition, long nextOffset)
      throws SQLException {
    try (PreparedStatement upsert = c.prepareStatement(UPSERT_CHECKPOINT.formatted(table))) {
      upsert.setInt(1, partition);
      upsert.setLong(2, nextOffset);
      upsert.executeUpdate();
    }
  }
}
