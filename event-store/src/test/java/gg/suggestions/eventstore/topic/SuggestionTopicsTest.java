package gg.suggestions.eventstore.topic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.Test;

class SuggestionTopicsTest {

  private final Map<String, TopicSpec> topics =
      SuggestionTopics.all().stream()
          .collect(Collectors.toMap(TopicSpec::name, Function.identity()));

  @Test
  void commandsEventsAndInteractionsAreCoPartitioned() {
    assertThat(topics.get(SuggestionTopics.COMMANDS).partitions())
        .isEqualTo(topics.get(SuggestionTopics.EVENTS).partitions())
        .isEqualTo(topics.get(SuggestionTopics.INTERACTIONS).partitions())
        .isEqualTo(12);
  }

  @Test
  void theSystemOfRecordIsNeverDeletedNorCompacted() {
    for (String topic : new String[] {SuggestionTopics.EVENTS, SuggestionTopics.INTERACTIONS}) {
      Map<String, String> configs = topics.get(topic).configs();

      assertThat(configs)
          .containsEntry(TopicConfig.RETENTION_MS_CONFIG, "-1")
          .containsEntry(TopicConfig.RETENTION_BYTES_CONFIG, "-1")
          .containsEntry(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_DELETE)
          .containsEntry(TopicConfig.UNCLEAN_LEADER_ELECTION_ENABLE_CONFIG, "false");
    }
  }

  @Test
  void commandsAndRepliesExpire() {
    assertThat(topics.get(SuggestionTopics.COMMANDS).configs())
        .containsEntry(TopicConfig.RETENTION_MS_CONFIG, "604800000");
    assertThat(topics.get(SuggestionTopics.REPLIES).configs())
        .containsEntry(TopicConfig.RETENTION_MS_CONFIG, "86400000");
  }

  @Test
  void aForgottenKeyIsCompactedAwayWithinTheStatedBound() {
    Map<String, String> keys = topics.get(SuggestionTopics.KEYS).configs();
    long bound =
        Long.parseLong(keys.get(TopicConfig.SEGMENT_MS_CONFIG))
            + Long.parseLong(keys.get(TopicConfig.MAX_COMPACTION_LAG_MS_CONFIG))
            + Long.parseLong(keys.get(TopicConfig.DELETE_RETENTION_MS_CONFIG));

    assertThat(keys)
        .containsEntry(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT)
        .containsEntry(TopicConfig.UNCLEAN_LEADER_ELECTION_ENABLE_CONFIG, "false");
    assertThat(bound).isEqualTo(SuggestionTopics.KEY_FORGET_BOUND.toMillis());
  }

  @Test
  void productionKeepsThreeCopiesAndNeedsTwoInSync() {
    assertThat(Durability.forReplicationFactor(3)).isEqualTo(Durability.PRODUCTION);
    assertThat(Durability.PRODUCTION.minInsyncReplicas()).isEqualTo(2);
  }

  @Test
  void onlySingleBrokerDevelopmentMayLowerTheReplicationFactor() {
    assertThat(Durability.forReplicationFactor(1).isReplicated()).isFalse();
    assertThatThrownBy(() -> Durability.forReplicationFactor(2))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Replication factor 2 is not allowed");
  }

  @Test
  void aKeysPartitionIsTheOneKafkasProducerPicks() {
    var random = new java.util.SplittableRandom(12);
    for (int i = 0; i < 5_000; i++) {
      String key = (i % 2 == 0 ? "user:" : "") + Long.toString(random.nextLong(1, Long.MAX_VALUE));
      org.assertj.core.api.Assertions.assertThat(SuggestionTopics.partitionOf(key))
          .as(key)
          .isEqualTo(
              org.apache.kafka.clients.producer.internals.BuiltInPartitioner.partitionForKey(
                  key.getBytes(java.nio.charset.StandardCharsets.UTF_8),
                  SuggestionTopics.PARTITIONS));
    }
  }
}
