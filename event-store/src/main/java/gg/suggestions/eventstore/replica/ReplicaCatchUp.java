package gg.suggestions.eventstore.replica;

import gg.suggestions.eventstore.envelope.EnvelopeCodec;
import gg.suggestions.eventstore.envelope.EventEnvelope;
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
 * Brings the replica of one partition up to the committed end of the log: before a new owner
 * handles commands, and whenever the write after a Kafka commit failed (a dirty partition).
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

  /**
   * Applies everything committed on {@code partition} since the replica's checkpoint.
   *
   * @return the partition's next offset the replica now stands at
   */
  public long catchUp(int partition) throws SQLException {
    TopicPartition tp = new TopicPartition(SuggestionTopics.EVENTS, partition);
    try (Consumer<String, byte[]> consumer =
        new KafkaConsumer<>(
            consumerConfig, new StringDeserializer(), new ByteArrayDeserializer())) {
      consumer.assign(List.of(tp));
      long from = store.checkpoint(partition);
      consumer.seek(tp, from);
      long end = consumer.endOffsets(List.of(tp)).get(tp);
      int applied = 0;
      while (consumer.position(tp) < end) {
        List<EventEnvelope> chunk = decode(consumer.poll(Duration.ofMillis(500)).records(tp));
        store.apply(partition, chunk, consumer.position(tp));
        applied += chunk.size();
      }
      long reached = consumer.position(tp);
      log.info(
          "Replica of partition {} caught up from offset {} to {} ({} events)",
          partition,
          from,
          reached,
          applied);
      return reached;
    }
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
