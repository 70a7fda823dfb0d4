package gg.suggestions.eventstore.replica;

import gg.suggestions.eventstore.deadletter.DeadLetter;
import gg.suggestions.eventstore.envelope.CommandCodec;
import gg.suggestions.eventstore.envelope.EnvelopeCodec;
import gg.suggestions.eventstore.envelope.EventEnvelope;
import gg.suggestions.eventstore.envelope.InteractionEnvelope;
import gg.suggestions.eventstore.topic.SuggestionTopics;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings the replica of one partition up to the committed end of the log, events and handled
 * commands alike: before a new owner handles commands, and whenever the write after a Kafka commit
 * failed (a dirty partition).
 *
 * <p>Reads {@code read_committed} from the replica's checkpoint, so only acknowledged events
 * arrive, and applies them chunk by chunk with the checkpoint. Safe to repeat: rows are keyed by
 * event id. A record it can not read or store is dead-lettered and passed, never retried: the log
 * is immutable, so it would fail the same way forever.
 */
public final class ReplicaCatchUp {

  private static final Logger log = LoggerFactory.getLogger(ReplicaCatchUp.class);

  /** How long a catch-up waits for a partition to reach the end it must reach. */
  public static final Duration END_WAIT = Duration.ofSeconds(60);

  private final Map<String, Object> consumerConfig;
  private final ReplicaStore store;
  private final EnvelopeCodec codec;
  private final Duration endWait;
  private final CommandCodec commands = new CommandCodec(EnvelopeCodec.defaultMapper());

  public ReplicaCatchUp(
      Map<String, Object> consumerConfig, ReplicaStore store, EnvelopeCodec codec) {
    this(consumerConfig, store, codec, END_WAIT);
  }

  /**
   * @param endWait how long to wait for a partition that stays short of the end it must reach
   *     before failing the catch-up (the caller retries)
   */
  public ReplicaCatchUp(
      Map<String, Object> consumerConfig,
      ReplicaStore store,
      EnvelopeCodec codec,
      Duration endWait) {
    Map<String, Object> config = new HashMap<>(consumerConfig);
    // Only committed events: an aborted write was never acknowledged.
    config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    // The checkpoint is the position; a position that no longer exists must fail loudly.
    config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "none");
    this.consumerConfig = Map.copyOf(config);
    this.store = store;
    this.codec = codec;
    this.endWait = endWait;
  }

  /** The next offsets of the event and interaction partitions that a catch-up reached. */
  public record Reached(long events, long interactions) {}

  /**
   * Applies everything committed on {@code partition} of the event and interaction topics since the
   * replica's checkpoints.
   *
   * @return where the catch-up left the replica: what it wrote, not what the database says now,
   *     which can differ if the database loses the catch-up's own commits
   */
  public Reached catchUp(int partition) throws SQLException {
    return catchUp(partition, new Reached(0, 0));
  }

  /**
   * As {@link #catchUp(int)}, reading at least to {@code atLeast} whatever end the partitions'
   * leaders report: a leader deposed by a network partition may, until it is told, still answer
   * with its own shorter end, and deciding on that would decide on stale state.
   *
   * @throws IllegalStateException if a partition stays short of {@code atLeast} for the end wait
   */
  public Reached catchUp(int partition, Reached atLeast) throws SQLException {
    // One consumer for both topics: catch-up runs on every takeover, on the failover path.
    try (Consumer<String, byte[]> consumer =
        new KafkaConsumer<>(
            consumerConfig, new StringDeserializer(), new ByteArrayDeserializer())) {
      long events =
          follow(
              consumer,
              SuggestionTopics.EVENTS,
              partition,
              store.checkpoint(partition),
              atLeast.events(),
              (records, next) -> applyEvents(partition, records, next));
      long interactions =
          follow(
              consumer,
              SuggestionTopics.INTERACTIONS,
              partition,
              store.interactionCheckpoint(partition),
              atLeast.interactions(),
              (records, next) -> applyInteractions(partition, records, next));
      return new Reached(events, interactions);
    }
  }

  private interface Chunk {
    void apply(List<ConsumerRecord<String, byte[]>> records, long nextOffset) throws SQLException;
  }

  private long follow(
      Consumer<String, byte[]> consumer,
      String topic,
      int partition,
      long from,
      long atLeast,
      Chunk chunk)
      throws SQLException {
    TopicPartition tp = new TopicPartition(topic, partition);
    consumer.assign(List.of(tp));
    consumer.seek(tp, from);
    long reported = consumer.endOffsets(List.of(tp)).get(tp);
    long end = Math.max(reported, atLeast);
    if (reported < atLeast) {
      // Usually the mark's own abort marker not written yet; after a partition, a deposed leader.
      log.info(
          "{}-{} reports its end at {}, short of offset {} that its leader acknowledged when this node"
              + " took the partition over; reading on to it",
          topic,
          partition,
          reported,
          atLeast);
    }
    long stuckSince = System.nanoTime();
    long lastPosition = consumer.position(tp);
    int applied = 0;
    while (consumer.position(tp) < end) {
      List<ConsumerRecord<String, byte[]>> records =
          consumer.poll(Duration.ofMillis(500)).records(tp);
      applyChunk(chunk, tp, records, consumer.position(tp));
      applied += records.size();
      if (consumer.position(tp) > lastPosition) {
        lastPosition = consumer.position(tp);
        stuckSince = System.nanoTime();
      } else if (System.nanoTime() - stuckSince > endWait.toNanos()) {
        throw new IllegalStateException(
            String.format(
                "%s-%d stayed at offset %d for %d s, short of %d: its leader may be deposed and"
                    + " not told yet",
                topic, partition, lastPosition, endWait.toSeconds(), end));
      }
    }
    long reached = consumer.position(tp);
    log.info(
        "Replica of {}-{} caught up from offset {} to {} ({} records)",
        topic,
        partition,
        from,
        reached,
        applied);
    return reached;
  }

  /** Applies a chunk; a failure names what the partition is stuck on, for logs and status. */
  private static void applyChunk(
      Chunk chunk, TopicPartition tp, List<ConsumerRecord<String, byte[]>> records, long next)
      throws SQLException {
    try {
      chunk.apply(records, next);
    } catch (SQLException e) {
      String from = records.isEmpty() ? "(none)" : String.valueOf(records.get(0).offset());
      throw new SQLException(
          String.format(
              "Replica of %s stuck on offsets %s to %d: %s", tp, from, next - 1, e.getMessage()),
          e.getSQLState(),
          e);
    }
  }

  private void applyEvents(int partition, List<ConsumerRecord<String, byte[]>> records, long next)
      throws SQLException {
    List<Read<EventEnvelope>> events = new ArrayList<>(records.size());
    List<DeadLetter> unreadable = new ArrayList<>();
    for (ConsumerRecord<String, byte[]> record : records) {
      try {
        EventEnvelope e = codec.decode(record.value());
        events.add(new Read<>(record, e, e.eventId(), e.type(), e.aggregateId()));
      } catch (RuntimeException notAnEnvelope) {
        unreadable.add(DeadLetter.of(record, "Not an event envelope: " + notAnEnvelope));
      }
    }
    store.catchUpEvents(partition, events, unreadable, next);
  }

  private void applyInteractions(
      int partition, List<ConsumerRecord<String, byte[]>> records, long next) throws SQLException {
    List<Read<InteractionEnvelope>> handled = new ArrayList<>(records.size());
    List<DeadLetter> unreadable = new ArrayList<>();
    for (ConsumerRecord<String, byte[]> record : records) {
      try {
        InteractionEnvelope i = commands.decodeInteraction(record.value());
        handled.add(new Read<>(record, i, i.commandId(), i.type(), i.guildId()));
      } catch (RuntimeException notAnEnvelope) {
        unreadable.add(DeadLetter.of(record, "Not an interaction envelope: " + notAnEnvelope));
      }
    }
    store.catchUpInteractions(partition, handled, unreadable, next);
  }
}
