package gg.suggestions.testing;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/** A topic as its bytes, for tests that prove what is, or is no longer, in it. */
public final class RawTopics {

  private RawTopics() {}

  /**
   * Records of {@code topic}, read from its start, whose key, value or a header holds {@code text}.
   */
  public static long recordsContaining(String bootstrapServers, String topic, String text) {
    byte[] wanted = text.getBytes(StandardCharsets.UTF_8);
    long hits = 0;
    try (var consumer =
        new KafkaConsumer<>(
            Map.<String, Object>of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers),
            new ByteArrayDeserializer(),
            new ByteArrayDeserializer())) {
      List<TopicPartition> partitions =
          consumer.partitionsFor(topic).stream()
              .map(p -> new TopicPartition(p.topic(), p.partition()))
              .toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
      while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
        for (var record : consumer.poll(Duration.ofMillis(200))) {
          boolean found = contains(record.key(), wanted) || contains(record.value(), wanted);
          for (var header : record.headers()) {
            found |= contains(header.value(), wanted);
          }
          hits += found ? 1 : 0;
        }
      }
    }
    return hits;
  }

  /**
   * Lowers a compacted topic's bounds near zero, as docs/privacy.md tells an operator to force the
   * key topic's compaction; a write after it rolls the segment for the cleaner.
   */
  public static void forceCompaction(Admin admin, String topic) throws Exception {
    var resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
    var ops =
        Map.of(
                TopicConfig.SEGMENT_MS_CONFIG, "100",
                TopicConfig.MAX_COMPACTION_LAG_MS_CONFIG, "100",
                TopicConfig.MIN_CLEANABLE_DIRTY_RATIO_CONFIG, "0.01",
                TopicConfig.DELETE_RETENTION_MS_CONFIG, "0")
            .entrySet()
            .stream()
            .map(
                e ->
                    new AlterConfigOp(
                        new ConfigEntry(e.getKey(), e.getValue()), AlterConfigOp.OpType.SET))
            .toList();
    admin.incrementalAlterConfigs(Map.of(resource, ops)).all().get();
  }

  private static boolean contains(byte[] haystack, byte[] needle) {
    if (haystack == null) {
      return false;
    }
    outer:
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return true;
    }
    return false;
  }
}
