package gg.suggestions.eventstore.replica;

import gg.suggestions.eventstore.envelope.CommandCodec;
import gg.suggestions.eventstore.envelope.EnvelopeCodec;
import gg.suggestions.eventstore.envelope.EventEnvelope;
import gg.suggestions.eventstore.envelope.InteractionEnvelope;
import gg.suggestions.eventstore.envelope.MalformedEnvelopeException;
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
 * event id.
 */
public final class ReplicaCatchUp {

  private static final Logger log = LoggerFactory.getLogger(ReplicaCatchUp.class);

  private final Map<String, Object> consumerConfig;
  private final ReplicaStore store;
  private final EnvelopeCodec codec;
  private final CommandCodec commands = new CommandCodec(EnvelopeCodec.defaultMapper());

  public ReplicaCatchUp(
      Map<String, Object> consumerConfig, ReplicaStore store, EnvelopeCodec codec) {
    Map<String, Object> config = new HashMap<>(consumerConfig);
    // Only committed events: an aborted write was never acknowledged.
    config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    // The checkpoint is the position; a position that no longer exists must fail loudly.
    config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "none");
    this.consumerConfig = Map.copyOf(config);
    this.store = store;
    this.codec = codec;
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
              (records, next) -> store.apply(partition, decode(records), next));
      long interactions =
          follow(
              consumer,
              SuggestionTopics.INTERACTIONS,
              partition,
              store.interactionCheckpoint(partition),
              (records, next) -> store.recordHandled(partition, decodeInteractions(records), next));
      return new Reached(events, interactions);
    }
  }

  private interface Chunk {
    void apply(List<ConsumerRecord<String, byte[]>> records, long nextOffset) throws SQLException;
  }

  private long follow(
      Consumer<String, byte[]> consumer, String topic, int partition, long from, Chunk chunk)
      throws SQLException {
    TopicPartition tp = new TopicPartition(topic, partition);
    consumer.assign(List.of(tp));
    consumer.seek(tp, from);
    long end = consumer.endOffsets(List.of(tp)).get(tp);
    int applied = 0;
    while (consumer.position(tp) < end) {
      List<ConsumerRecord<String, byte[]>> records =
          consumer.poll(Duration.ofMillis(500)).records(tp);
      chunk.apply(records, consumer.position(tp));
      applied += records.size();
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

  private List<InteractionEnvelope> decodeInteractions(
      List<ConsumerRecord<String, byte[]>> records) {
    List<InteractionEnvelope> interactions = new ArrayList<>(records.size());
    for (ConsumerRecord<String, byte[]> record : records) {
      try {
        interactions.add(commands.decodeInteraction(record.value()));
      } catch (IllegalArgumentException e) {
        log.error(
            "Passing over an unreadable interaction at partition {} offset {}: {}",
            record.partition(),
            record.offset(),
            e.getMessage());
      }
    }
    return interactions;
  }

  private List<EventEnvelope> decode(List<ConsumerRecord<String, byte[]>> records) {
    List<EventEnvelope> events = new ArrayList<>(records.size());
    for (ConsumerRecord<String, byte[]> record : records) {
      try {
        events.add(codec.decode(record.value()));
      } catch (MalformedEnvelopeException e) {
        log.error(
            "The event log holds a record that is not an envelope at partition {} offset {}: {}",
            record.partition(),
            record.offset(),
            e.getMessage());
      }
    }
    return events;
  }
}
