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
import java.util.Set;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
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
    // One consumer for both topics, read together: catch-up runs on every takeover, on the
    // failover path.
    try (Consumer<String, byte[]> consumer =
        new KafkaConsumer<>(
            consumerConfig, new StringDeserializer(), new ByteArrayDeserializer())) {
      List<Followed> followed =
          List.of(
              new Followed(
                  new TopicPartition(SuggestionTopics.EVENTS, partition),
                  store.checkpoint(partition),
                  atLeast.events(),
                  (records, next) -> applyEvents(partition, records, next)),
              new Followed(
                  new TopicPartition(SuggestionTopics.INTERACTIONS, partition),
                  store.interactionCheckpoint(partition),
                  atLeast.interactions(),
                  (records, next) -> applyInteractions(partition, records, next)));
      Map<TopicPartition, Long> reached = follow(consumer, followed);
      return new Reached(reached.get(followed.get(0).tp()), reached.get(followed.get(1).tp()));
    }
  }

  private interface Chunk {
    void apply(List<ConsumerRecord<String, byte[]>> records, long nextOffset) throws SQLException;
  }

  /** One partition to follow: from its replica's checkpoint, at least to {@code atLeast}. */
  private record Followed(TopicPartition tp, long from, long atLeast, Chunk chunk) {}

  /**
   * Reads every followed partition from its checkpoint to its end, applying each chunk as it comes;
   * returns where each ended.
   */
  private Map<TopicPartition, Long> follow(Consumer<String, byte[]> consumer, List<Followed> all)
      throws SQLException {
    consumer.assign(all.stream().map(Followed::tp).toList());
    all.forEach(f -> consumer.seek(f.tp(), f.from()));
    Map<TopicPartition, Long> reported =
        consumer.endOffsets(all.stream().map(Followed::tp).toList());
    Map<TopicPartition, Long> ends = new HashMap<>();
    for (Followed f : all) {
      long end = Math.max(reported.get(f.tp()), f.atLeast());
      ends.put(f.tp(), end);
      if (reported.get(f.tp()) < f.atLeast()) {
        // Usually the mark's own abort marker not written yet; after a partition, a deposed leader.
        log.info(
            "{} reports its end at {}, short of offset {} that its leader acknowledged when this"
                + " node took the partition over; reading on to it",
            f.tp(),
            reported.get(f.tp()),
            f.atLeast());
      }
    }
    Map<TopicPartition, Integer> applied = new HashMap<>();
    long stuckSince = System.nanoTime();
    Map<TopicPartition, Long> last = positions(consumer, all);
    while (all.stream().anyMatch(f -> consumer.position(f.tp()) < ends.get(f.tp()))) {
      // Short polls: a partition whose last records are aborted (the takeover mark) returns
      // nothing, and a long poll would wait its whole timeout before the position is checked.
      ConsumerRecords<String, byte[]> polled = consumer.poll(POLL);
      for (Followed f : all) {
        List<ConsumerRecord<String, byte[]>> records = polled.records(f.tp());
        long position = consumer.position(f.tp());
        if (!records.isEmpty() || position > last.get(f.tp())) {
          applyChunk(f.chunk(), f.tp(), records, position);
          applied.merge(f.tp(), records.size(), Integer::sum);
        }
      }
      Map<TopicPartition, Long> now = positions(consumer, all);
      if (!now.equals(last)) {
        last = now;
        stuckSince = System.nanoTime();
      } else if (System.nanoTime() - stuckSince > endWait.toNanos()) {
        Followed stuck =
            all.stream().filter(f -> now.get(f.tp()) < ends.get(f.tp())).findFirst().orElseThrow();
        throw new IllegalStateException(
            String.format(
                "%s stayed at offset %d for %d s, short of %d: its leader may be deposed and not"
                    + " told yet",
                stuck.tp(), now.get(stuck.tp()), endWait.toSeconds(), ends.get(stuck.tp())));
      }
    }
    for (Followed f : all) {
      log.info(
          "Replica of {} caught up from offset {} to {} ({} records)",
          f.tp(),
          f.from(),
          consumer.position(f.tp()),
          applied.getOrDefault(f.tp(), 0));
    }
    return positions(consumer, all);
  }

  /** How long one poll of a catch-up waits for records. */
  private static final Duration POLL = Duration.ofMillis(50);

  private static Map<TopicPartition, Long> positions(
      Consumer<String, byte[]> consumer, List<Followed> all) {
    Map<TopicPartition, Long> positions = new HashMap<>();
    all.forEach(f -> positions.put(f.tp(), consumer.position(f.tp())));
    return positions;
  }

  /** A standby follower of other partitions' logs; see {@link Standby}. */
  public Standby standby() {
    return new Standby();
  }

  /**
   * Keeps the replica of the partitions this node does not own close to the log, so that taking one
   * over (a failover, a rebalance, a node's return) catches up the last moments, not all that
   * another node wrote since this one last owned it. One long-lived consumer; one thread only.
   */
  public final class Standby implements AutoCloseable {

    private final Consumer<String, byte[]> consumer =
        new KafkaConsumer<>(consumerConfig, new StringDeserializer(), new ByteArrayDeserializer());
    private Set<Integer> following = Set.of();

    private Standby() {}

    /** Follows exactly {@code partitions} from now on, each new one from its checkpoints. */
    public void follow(Set<Integer> partitions) throws SQLException {
      if (partitions.equals(following)) {
        return;
      }
      List<TopicPartition> assigned = new ArrayList<>();
      for (int p : partitions) {
        assigned.add(new TopicPartition(SuggestionTopics.EVENTS, p));
        assigned.add(new TopicPartition(SuggestionTopics.INTERACTIONS, p));
      }
      consumer.assign(assigned);
      for (int p : partitions) {
        if (!following.contains(p)) {
          consumer.seek(new TopicPartition(SuggestionTopics.EVENTS, p), store.checkpoint(p));
          consumer.seek(
              new TopicPartition(SuggestionTopics.INTERACTIONS, p), store.interactionCheckpoint(p));
        }
      }
      following = Set.copyOf(partitions);
    }

    /**
     * Applies what arrives within {@code wait}. After a failure every partition is followed again
     * from its checkpoints: the consumer read past what the database took.
     */
    public void poll(Duration wait) throws SQLException, InterruptedException {
      if (following.isEmpty()) {
        Thread.sleep(wait.toMillis());
        return;
      }
      ConsumerRecords<String, byte[]> polled = consumer.poll(wait);
      try {
        for (TopicPartition tp : polled.partitions()) {
          List<ConsumerRecord<String, byte[]>> records = polled.records(tp);
          long next = records.get(records.size() - 1).offset() + 1;
          if (tp.topic().equals(SuggestionTopics.EVENTS)) {
            applyChunk((r, n) -> applyEvents(tp.partition(), r, n), tp, records, next);
          } else {
            applyChunk((r, n) -> applyInteractions(tp.partition(), r, n), tp, records, next);
          }
        }
      } catch (SQLException | RuntimeException e) {
        following = Set.of();
        consumer.assign(List.of());
        throw e;
      }
    }

    @Override
    public void close() {
      consumer.close(Duration.ofSeconds(5));
    }
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
