package gg.suggestions.eventstore.privacy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import gg.suggestions.eventstore.topic.SuggestionTopics;
import gg.suggestions.testing.KafkaTestCluster;
import gg.suggestions.testing.RawTopics;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The key ring on three real brokers: a key is written once and found by every other node, survives
 * a broker going down, and once forgotten opens nowhere and, after compaction, is nowhere in the
 * key topic, nor is the member's id.
 */
class KeyRingIT {

  private static final SecureRandom RANDOM = new SecureRandom();
  private static final String MASTER =
      "k1:" + Base64.getEncoder().encodeToString(RANDOM.generateSeed(32));
  private static KafkaTestCluster cluster;
  private static final List<KeyRing> rings = new ArrayList<>();

  @BeforeAll
  static void start() {
    cluster = KafkaTestCluster.start(3).withTopics();
  }

  @AfterAll
  static void stop() {
    rings.forEach(KeyRing::close);
    cluster.close();
  }

  @Test
  void aKeyIsWrittenOnceAndEveryNodeFindsIt() {
    KeyRing one = ring(MASTER);
    KeyRing two = ring(MASTER);

    DataKey key = one.keyFor("100000000000000001");

    assertThat(one.keyFor("100000000000000001")).isEqualTo(key);
    assertThat(two.key(key.id())).contains(key);
    assertThat(two.keyFor("100000000000000001")).isEqualTo(key);
    assertThat(two.keyFor("100000000000000002")).isNotEqualTo(key);
  }

  @Test
  void manyThreadsMeetingNewMembersAtOnceGetOneKeyEachAndKnownKeysWaitForNone() throws Exception {
    KeyRing ring = ring(MASTER);
    List<String> members = new ArrayList<>();
    for (int m = 0; m < 100; m++) {
      members.add(String.valueOf(300000000000000000L + m));
    }
    var pool = Executors.newFixedThreadPool(16);
    try {
      List<Future<List<DataKey>>> results = new ArrayList<>();
      for (int t = 0; t < 16; t++) {
        int offset = t;
        results.add(
            pool.submit(
                () -> {
                  List<DataKey> got = new ArrayList<>();
                  for (int i = 0; i < members.size(); i++) {
                    got.add(ring.keyFor(members.get((i + offset) % members.size())));
                  }
                  return got;
                }));
      }
      Map<String, DataKey> first = new HashMap<>();
      for (var result : results) {
        for (DataKey key : result.get(60, TimeUnit.SECONDS)) {
          first.putIfAbsent(key.id(), key);
        }
      }
      assertThat(first).as("one key per member, whichever thread asked first").hasSize(100);
    } finally {
      pool.shutdownNow();
    }
    assertThat(rawRecordsNaming("3000000000000000")).isEqualTo(100);
  }

  @Test
  void aKeyOutlivesABroker() {
    DataKey key = ring(MASTER).keyFor("100000000000000003");
    int broker = cluster.brokerIds().iterator().next();
    cluster.stopBroker(broker);
    try {
      assertThat(ring(MASTER).key(key.id())).contains(key);
    } finally {
      cluster.startBroker(broker);
    }
  }

  @Test
  void aKeyWrappedByAnotherMasterKeyStaysClosedAndTheRingGoesOn() {
    KeyRing other = ring("k9:" + Base64.getEncoder().encodeToString(RANDOM.generateSeed(32)));
    DataKey foreign = other.keyFor("100000000000000004");
    KeyRing ours = ring(MASTER);

    assertThat(ours.key(foreign.id())).isEmpty();
    assertThat(ours.keyFor("100000000000000005")).isNotNull();
  }

  @Test
  void hostileMembersAreRefused() {
    KeyRing ring = ring(MASTER);
    for (String bad : new String[] {null, "", "12a", "1".repeat(21), "1:2", "member:1", " 1"}) {
      assertThatThrownBy(() -> ring.keyFor(bad)).isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> ring.forget(bad)).isInstanceOf(IllegalArgumentException.class);
    }
    assertThat(KeyRing.parse("member:12:" + "k".repeat(65))).isNull();
    assertThat(KeyRing.parse("member::k")).isNull();
    assertThat(KeyRing.parse("other:12:k")).isNull();
    assertThat(KeyRing.parse("member:12:k")).containsExactly("12", "k");
  }

  @Test
  void aForgottenKeyOpensNowhereAndIsCompactedAwayWithTheMembersId() throws Exception {
    String member = "100000000000000009";
    KeyRing one = ring(MASTER);
    KeyRing two = ring(MASTER);
    DataKey key = one.keyFor(member);
    String sealed = new FieldCipher(RANDOM).seal(key, "text", "my idea");
    DataKey kept = one.keyFor("100000000000000010");
    assertThat(two.key(key.id())).contains(key);
    assertThat(rawRecordsNaming(member)).isEqualTo(1);

    assertThat(one.forget(member)).containsExactly(key.id());
    two.catchUp(); // What a reader does when it meets the MemberForgotten event.

    assertThat(one.key(key.id())).isEmpty();
    assertThat(two.key(key.id())).isEmpty();
    assertThat(ring(MASTER).key(key.id())).isEmpty();
    assertThat(ring(MASTER).key(kept.id())).contains(kept);
    assertThat(sealed).doesNotContain("my idea");

    forceCompaction();
    AtomicLong newcomer = new AtomicLong(200000000000000000L);
    await()
        .alias("no record of the key topic names the member, tombstone included, after compaction")
        .atMost(Duration.ofSeconds(120))
        .pollInterval(Duration.ofSeconds(1))
        .until(
            () -> {
              // Each write rolls the old segment, so the cleaner has something to compact.
              one.keyFor(String.valueOf(newcomer.incrementAndGet()));
              return rawRecordsNaming(member) == 0;
            });
    assertThat(ring(MASTER).key(kept.id())).contains(kept);
    assertThat(ring(MASTER).keyFor(member)).isNotEqualTo(key); // A new start, a new key.
  }

  private static void forceCompaction() throws Exception {
    try (var admin = cluster.admin()) {
      RawTopics.forceCompaction(admin, SuggestionTopics.KEYS);
    }
  }

  /** Records of the key topic, read raw from its start, that name {@code text}. */
  private static long rawRecordsNaming(String text) {
    return RawTopics.recordsContaining(cluster.bootstrapServers(), SuggestionTopics.KEYS, text);
  }

  private static KeyRing ring(String master) {
    KeyRing ring =
        KeyRing.connect(
            Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers()),
            MasterKeys.parse(master, RANDOM),
            RANDOM,
            Duration.ofSeconds(30));
    rings.add(ring);
    return ring;
  }
}
