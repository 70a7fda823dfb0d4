package gg.suggestions.query.cli;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * How many committed records lie between a reader's positions and the end of a topic. The offsets
 * alone overstate it: every transaction leaves a marker, and the command writers' aborted marks
 * take offsets too, so an idle, caught-up projection was shown dozens of records behind. Up to
 * {@value #SCAN_LIMIT} offsets per partition are read and counted; beyond that the remaining
 * offsets are counted as records, an upper bound.
 */
final class RecordsBehind {

  static final long SCAN_LIMIT = 100_000;
  private static final Duration PATIENCE = Duration.ofSeconds(30);

  private RecordsBehind() {}

  /**
   * @param next per partition, the next offset the reader will read
   * @param end per partition, the end offset of the topic
   */
  static long count(
      Map<String, Object> kafka, String topic, Map<Integer, Long> next, Map<Integer, Long> end) {
    Map<TopicPartition, Long> from = new HashMap<>();
    long beyondScan = 0;
    for (var partition : end.entrySet()) {
      long start = next.getOrDefault(partition.getKey(), 0L);
      long gap = partition.getValue() - start;
      if (gap > 0) {
        from.put(
            new TopicPartition(topic, partition.getKey()),
            Math.max(start, partition.getValue() - SCAN_LIMIT));
        beyondScan += Math.max(0, gap - SCAN_LIMIT);
      }
    }
    return from.isEmpty() ? 0 : beyondScan + scan(kafka, from, end);
  }

  private static long scan(
      Map<String, Object> kafka, Map<TopicPartition, Long> from, Map<Integer, Long> end) {
    Map<String, Object> config = new HashMap<>(kafka);
    // Only committed records count; markers and aborted records are skipped by the reader.
    config.put(
        ConsumerConfig.ISOLATION_LEVEL_CONFIG,
        IsolationLevel.READ_COMMITTED.toString().toLowerCase(java.util.Locale.ROOT));
    config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    long records = 0;
    try (var consumer =
        new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      consumer.assign(List.copyOf(from.keySet()));
      from.forEach(consumer::seek);
      Instant deadline = Instant.now().plus(PATIENCE);
      while (!reachedEnd(consumer, from, end) && Instant.now().isBefore(deadline)) {
        records += consumer.poll(Duration.ofMillis(200)).count();
      }
    }
    return records;
  }

  private static boolean reachedEnd(
      KafkaConsumer<byte[], byte[]> consumer,
      Map<TopicPartition, Long> from,
      Map<Integer, Long> end) {
    return from.keySet().stream().allMatch(p -> consumer.position(p) >= end.get(p.partition()));
  }
}
