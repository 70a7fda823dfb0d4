package gg.suggestions.eventstore.log;

import gg.suggestions.eventstore.envelope.AxonEnvelopes;
import gg.suggestions.eventstore.envelope.CommandCodec;
import gg.suggestions.eventstore.envelope.EnvelopeCodec;
import gg.suggestions.eventstore.topic.SuggestionTopics;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.axonframework.common.stream.BlockingStream;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.messaging.StreamableMessageSource;

/**
 * The event topic as an Axon {@link StreamableMessageSource}: tracking processors read the log
 * directly, with a {@link KafkaTrackingToken} as their position.
 *
 * <p>Every stream owns one consumer that is assigned every partition (no consumer group: the
 * processor's token store is the only record of progress), reads {@code read_committed}, so aborted
 * and open transactions stay invisible, and never resets silently: a position that no longer exists
 * fails the stream ({@code auto.offset.reset=none}).
 */
public final class KafkaEventLogSource implements StreamableMessageSource<TrackedEventMessage<?>> {

  private final Map<String, Object> consumerConfig;
  private final String topic;
  private final LogRecords records;

  /**
   * The event topic.
   *
   * @param consumerConfig at least {@code bootstrap.servers}; the settings a correct reader needs
   *     are added here
   */
  public KafkaEventLogSource(
      Map<String, Object> consumerConfig,
      String topic,
      EnvelopeCodec codec,
      AxonEnvelopes envelopes) {
    this(consumerConfig, topic, LogRecords.events(codec, envelopes));
  }

  /**
   * Any topic of envelopes, read as {@code records} says.
   *
   * @param consumerConfig at least {@code bootstrap.servers}; the settings a correct reader needs
   *     are added here
   */
  public KafkaEventLogSource(Map<String, Object> consumerConfig, String topic, LogRecords records) {
    Map<String, Object> config = new HashMap<>(consumerConfig);
    // Only committed records exist; an aborted write was never acknowledged to anyone.
    config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    // Progress lives in the processor's token store, never in Kafka.
    config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    // A missing position must fail loudly instead of skipping or re-reading records.
    config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "none");
    this.consumerConfig = Map.copyOf(config);
    this.topic = topic;
    this.records = records;
  }

  /**
   * The interaction records ({@code suggestions.interactions.v1}) as messages whose payload is the
   * {@link InteractionEnvelope}, identified by its command id, stamped with the time it was
   * handled, and with its partition in the metadata key {@value #PARTITION}.
   */
  public static KafkaEventLogSource interactions(
      Map<String, Object> consumerConfig, CommandCodec codec) {
    return new KafkaEventLogSource(
        consumerConfig, SuggestionTopics.INTERACTIONS, LogRecords.interactions(codec));
  }

  /** The topic this source reads. */
  public String topic() {
    return topic;
  }

  /** Metadata key of the partition a record was read from. */
  public static final String PARTITION = "partition";

  /** Metadata key of the topic a record was read from. */
  public static final String TOPIC = "logTopic";

  /** Metadata key of the offset a record was read from. */
  public static final String OFFSET = "logOffset";

  /** Metadata key of the record's bytes, kept for a dead letter. */
  public static final String RECORD = "logRecord";

  @Override
  public BlockingStream<TrackedEventMessage<?>> openStream(TrackingToken trackingToken) {
    KafkaTrackingToken start =
        trackingToken == null ? KafkaTrackingToken.empty() : (KafkaTrackingToken) trackingToken;
    Consumer<String, byte[]> consumer = newConsumer();
    try {
      List<TopicPartition> partitions = partitions(consumer);
      consumer.assign(partitions);
      partitions.forEach(tp -> consumer.seek(tp, start.nextOffset(tp.partition())));
      return new KafkaEventLogStream(consumer, start, records);
    } catch (RuntimeException e) {
      consumer.close();
      throw e;
    }
  }

  /** The start of the log. */
  @Override
  public TrackingToken createTailToken() {
    return KafkaTrackingToken.empty();
  }

  /** The committed end of every partition now. */
  @Override
  public TrackingToken createHeadToken() {
    return withConsumer(c -> tokenOf(c.endOffsets(partitions(c))));
  }

  /**
   * The token of a reader that has read every committed record there is now: per partition, just
   * past the last committed record. The head token counts transaction markers and aborted records
   * too, which no reader's token ever passes; this one a processor reaches exactly when it has read
   * the log as it was, so it tells readiness when a processor has caught up.
   */
  public KafkaTrackingToken lastRecordToken() {
    return withConsumer(
        c -> {
          List<TopicPartition> partitions = partitions(c);
          Map<TopicPartition, Long> begin = c.beginningOffsets(partitions);
          Map<TopicPartition, Long> to = new HashMap<>(c.endOffsets(partitions));
          to.entrySet().removeIf(e -> e.getValue() <= begin.get(e.getKey()));
          Map<Integer, Long> next = new HashMap<>();
          // Windows that grow backwards from the end, all partitions at once: markers and aborted
          // records take offsets, and the command writers leave an aborted mark at every takeover.
          for (long window = 64; !to.isEmpty(); window *= 4) {
            Map<TopicPartition, Long> from = new HashMap<>();
            for (var partition : to.entrySet()) {
              from.put(
                  partition.getKey(),
                  Math.max(begin.get(partition.getKey()), partition.getValue() - window));
            }
            lastRecordsIn(c, from, to).forEach((tp, last) -> next.put(tp.partition(), last + 1));
            to.keySet().removeIf(tp -> next.containsKey(tp.partition()));
            to.keySet().removeIf(tp -> from.get(tp).equals(begin.get(tp)));
            to.replaceAll((tp, end) -> from.get(tp));
          }
          return KafkaTrackingToken.of(next);
        });
  }

  /** The offset of the last committed record in [from, to) of each partition that has one. */
  private static Map<TopicPartition, Long> lastRecordsIn(
      Consumer<String, byte[]> consumer,
      Map<TopicPartition, Long> from,
      Map<TopicPartition, Long> to) {
    consumer.assign(from.keySet());
    from.forEach(consumer::seek);
    Map<TopicPartition, Long> last = new HashMap<>();
    Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
    while (to.entrySet().stream().anyMatch(e -> consumer.position(e.getKey()) < e.getValue())) {
      if (Instant.now().isAfter(deadline)) {
        throw new org.apache.kafka.common.errors.TimeoutException(
            "Reading the end of " + to.keySet() + " took over 30 s");
      }
      for (var record : consumer.poll(Duration.ofMillis(50))) {
        TopicPartition tp = new TopicPartition(record.topic(), record.partition());
        if (record.offset() < to.get(tp)) {
          last.merge(tp, record.offset(), Math::max);
        }
      }
    }
    return last;
  }

  /** The first event at or after {@code dateTime} in every partition, or the end where none. */
  @Override
  public TrackingToken createTokenAt(Instant dateTime) {
    return withConsumer(
        c -> {
          List<TopicPartition> partitions = partitions(c);
          Map<TopicPartition, Long> end = c.endOffsets(partitions);
          Map<TopicPartition, Long> query = new HashMap<>();
          partitions.forEach(tp -> query.put(tp, dateTime.toEpochMilli()));
          Map<TopicPartition, Long> offsets = new HashMap<>(end);
          c.offsetsForTimes(query)
              .forEach(
                  (tp, found) -> offsets.put(tp, found == null ? end.get(tp) : found.offset()));
          return tokenOf(offsets);
        });
  }

  @Override
  public TrackingToken createTokenSince(Duration duration) {
    return createTokenAt(Instant.now().minus(duration));
  }

  private static KafkaTrackingToken tokenOf(Map<TopicPartition, Long> offsets) {
    Map<Integer, Long> next = new HashMap<>();
    offsets.forEach((tp, offset) -> next.put(tp.partition(), offset));
    return KafkaTrackingToken.of(next);
  }

  private List<TopicPartition> partitions(Consumer<String, byte[]> consumer) {
    var infos = consumer.partitionsFor(topic, Duration.ofSeconds(30));
    if (infos == null || infos.isEmpty()) {
      throw new IllegalStateException("Topic " + topic + " does not exist");
    }
    return infos.stream().map(p -> new TopicPartition(topic, p.partition())).toList();
  }

  /**
   * {@code action} with a consumer of its own, for a lookup: its fetches return at once, so a
   * window that holds only transaction markers costs a round trip, not the streaming consumer's
   * fetch wait (the console's projections page waited 0.5 s per such topic).
   */
  private <T> T withConsumer(Function<Consumer<String, byte[]>, T> action) {
    Map<String, Object> config = new HashMap<>(consumerConfig);
    config.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 5);
    try (Consumer<String, byte[]> consumer =
        new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer())) {
      return action.apply(consumer);
    }
  }

  private Consumer<String, byte[]> newConsumer() {
    return new KafkaConsumer<>(
        consumerConfig, new StringDeserializer(), new ByteArrayDeserializer());
  }
}
