package gg.suggestions.eventstore.topic;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.utils.Utils;

/**
 * The platform's topics (ARCHITECTURE.md, "Topics"). Commands, events and interactions share the
 * same partition count and key, so a command on partition p writes its events to partition p.
 */
public final class SuggestionTopics {

  /** Partition count of the co-partitioned topics; changing it means new {@code v2} topics. */
  public static final int PARTITIONS = 12;

  public static final String EVENTS = "suggestions.events.v1";
  public static final String INTERACTIONS = "suggestions.interactions.v1";
  public static final String COMMANDS = "suggestions.commands.v1";
  public static final String REPLIES = "suggestions.replies.v1";

  /**
   * Every member's data keys (docs/privacy.md): compacted, so a forgotten member's key is gone for
   * good within {@link #KEY_FORGET_BOUND} of its tombstone.
   */
  public static final String KEYS = "suggestions.keys.v1";

  /**
   * How soon a tombstoned key (and the tombstone, whose record key names the member) is physically
   * removed from every broker: a segment rolls within an hour, the cleaner compacts a segment at
   * the latest a day after its first record, and a tombstone is kept an hour after that so running
   * nodes read it.
   */
  public static final Duration KEY_FORGET_BOUND = Duration.ofHours(26);

  private SuggestionTopics() {}

  /**
   * The partition of the co-partitioned topics that Kafka's default partitioner gives {@code key}:
   * where a command with that partition key is decided and its events written.
   */
  public static int partitionOf(String key) {
    return Utils.toPositive(Utils.murmur2(key.getBytes(StandardCharsets.UTF_8))) % PARTITIONS;
  }

  /** Every topic the platform needs, with the settings that hold for any durability. */
  public static List<TopicSpec> all() {
    return List.of(
        new TopicSpec(EVENTS, PARTITIONS, forever()),
        new TopicSpec(INTERACTIONS, PARTITIONS, forever()),
        new TopicSpec(COMMANDS, PARTITIONS, retainedFor(Duration.ofDays(7))),
        new TopicSpec(REPLIES, 3, retainedFor(Duration.ofDays(1))),
        new TopicSpec(KEYS, 3, compactedWithin()));
  }

  /** Latest record per key kept, a tombstoned key removed within {@link #KEY_FORGET_BOUND}. */
  private static Map<String, String> compactedWithin() {
    return Map.of(
        TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT,
        TopicConfig.SEGMENT_MS_CONFIG, Long.toString(Duration.ofHours(1).toMillis()),
        TopicConfig.MAX_COMPACTION_LAG_MS_CONFIG, Long.toString(Duration.ofDays(1).toMillis()),
        TopicConfig.DELETE_RETENTION_MS_CONFIG, Long.toString(Duration.ofHours(1).toMillis()),
        TopicConfig.UNCLEAN_LEADER_ELECTION_ENABLE_CONFIG, "false");
  }

  /** The system of record: never deleted, never compacted. */
  private static Map<String, String> forever() {
    return Map.of(
        TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_DELETE,
        TopicConfig.RETENTION_MS_CONFIG, "-1",
        TopicConfig.RETENTION_BYTES_CONFIG, "-1",
        TopicConfig.UNCLEAN_LEADER_ELECTION_ENABLE_CONFIG, "false");
  }

  private static Map<String, String> retainedFor(Duration retention) {
    return Map.of(
        TopicConfig.CLEANUP_POLICY_CONFIG,
        TopicConfig.CLEANUP_POLICY_DELETE,
        TopicConfig.RETENTION_MS_CONFIG,
        Long.toString(retention.toMillis()),
        TopicConfig.UNCLEAN_LEADER_ELECTION_ENABLE_CONFIG,
        "false");
  }
}
