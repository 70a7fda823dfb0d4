package gg.suggestions.command.loop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import gg.suggestions.eventstore.topic.SuggestionTopics;
import gg.suggestions.testing.KafkaTestCluster;
import gg.suggestions.testing.TopicReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two writers that both believe they own a partition, as after a rebalance with a paused node: the
 * older one's commit fails, and nothing it wrote is ever visible to a read_committed reader.
 */
class PartitionFencingIT {

  private static KafkaTestCluster cluster;

  @BeforeAll
  static void startCluster() throws Exception {
    cluster = KafkaTestCluster.start(1).withTopics();
  }

  @AfterAll
  static void stopCluster() {
    cluster.close();
  }

  @Test
  void theNewerWriterAbortsTheOlderOnesOpenTransactionAndItsCommitFails() throws Exception {
    int partition = 3;
    try (PartitionWriter older = PartitionWriter.open(partition, config())) {
      older.begin();
      older.await(older.send(event(partition, "older-before-takeover")));

      try (PartitionWriter newer = PartitionWriter.open(partition, config())) {
        assertThatThrownBy(
                () -> {
                  older.send(event(partition, "older-after-takeover"));
                  older.commit();
                })
            .isInstanceOf(PartitionFencedException.class)
            .hasMessageContaining("Partition 3 was taken over");

        newer.begin();
        newer.await(newer.send(event(partition, "newer")));
        newer.commit();
      }
    }

    assertThat(committedValues(partition)).containsExactly("newer");
  }

  @Test
  void aFencedWriterCanNeverCommitAgain() throws Exception {
    int partition = 7;
    try (PartitionWriter older = PartitionWriter.open(partition, config());
        PartitionWriter newer = PartitionWriter.open(partition, config())) {

      assertThatThrownBy(
              () -> {
                older.begin();
                older.await(older.send(event(partition, "zombie")));
                older.commit();
              })
          .isInstanceOf(PartitionFencedException.class);
      newer.begin();
      newer.await(newer.send(event(partition, "owner")));
      newer.commit();
    }

    assertThat(committedValues(partition)).containsExactly("owner");
  }

  private static List<String> committedValues(int partition) {
    return TopicReader.readCommitted(cluster.bootstrapServers(), SuggestionTopics.EVENTS).stream()
        .filter(r -> r.partition() == partition)
        .map(ConsumerRecord::value)
        .toList();
  }

  private static ProducerRecord<String, byte[]> event(int partition, String value) {
    return new ProducerRecord<>(
        SuggestionTopics.EVENTS, partition, "guild", value.getBytes(StandardCharsets.UTF_8));
  }

  private static Map<String, Object> config() {
    return Map.of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
        cluster.bootstrapServers(),
        ProducerConfig.MAX_BLOCK_MS_CONFIG,
        30_000);
  }
}
