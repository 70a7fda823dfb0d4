package gg.suggestions.eventstore.topic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import gg.suggestions.testing.KafkaTestCluster;
import gg.suggestions.testing.TopicReader;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.NotEnoughReplicasException;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Provisioning and the durability contract of acks=all on a real three-broker KRaft cluster. */
class ReplicatedTopicsIT {

  private static KafkaTestCluster cluster;
  private static Admin admin;

  @BeforeAll
  static void startCluster() throws Exception {
    cluster = KafkaTestCluster.start(3);
    admin = cluster.admin();
    provisioner().provision(SuggestionTopics.all());
  }

  @AfterAll
  static void stopCluster() {
    admin.close();
    cluster.close();
  }

  @AfterEach
  void restartStoppedBrokers() {
    for (int id : cluster.brokerIds()) {
      try {
        cluster.startBroker(id);
      } catch (RuntimeException alreadyRunning) {
        // startup() on a running broker is refused; nothing to restore.
      }
    }
    await().atMost(Duration.ofSeconds(60)).until(ReplicatedTopicsIT::allReplicasInSync);
  }

  @Test
  void createsEveryTopicWithProductionSettings() throws Exception {
    Map<String, TopicDescription> topics =
        admin
            .describeTopics(SuggestionTopics.all().stream().map(TopicSpec::name).toList())
            .allTopicNames()
            .get();

    assertThat(topics.get(SuggestionTopics.EVENTS).partitions()).hasSize(12);
    assertThat(topics.get(SuggestionTopics.COMMANDS).partitions()).hasSize(12);
    assertThat(topics.get(SuggestionTopics.INTERACTIONS).partitions()).hasSize(12);
    assertThat(topics.values())
        .allSatisfy(
            t -> assertThat(t.partitions()).allSatisfy(p -> assertThat(p.replicas()).hasSize(3)));
    var events = new ConfigResource(ConfigResource.Type.TOPIC, SuggestionTopics.EVENTS);
    var config = admin.describeConfigs(List.of(events)).all().get().get(events);
    assertThat(config.get(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG).value()).isEqualTo("2");
    assertThat(config.get(TopicConfig.RETENTION_MS_CONFIG).value()).isEqualTo("-1");
    assertThat(config.get(TopicConfig.UNCLEAN_LEADER_ELECTION_ENABLE_CONFIG).value())
        .isEqualTo("false");
  }

  @Test
  void provisioningAgainCreatesNothingAndAcceptsTheTopics() throws Exception {
    Set<String> created = provisioner().provision(SuggestionTopics.all());

    assertThat(created).isEmpty();
  }

  @Test
  void acksAllSendsSucceedWithOneBrokerStopped() throws Exception {
    int stopped = cluster.brokerIds().iterator().next();
    cluster.stopBroker(stopped);
    await().atMost(Duration.ofSeconds(30)).until(() -> !isInAnyIsr(stopped));

    List<RecordMetadata> acknowledged = sendToEveryPartition("one-down", idempotentProducer());

    assertThat(acknowledged).hasSize(SuggestionTopics.PARTITIONS);
    assertThat(readAll()).containsAll(valuesOf("one-down"));
  }

  @Test
  void acksAllSendsAreRefusedWithTwoBrokersStopped() throws Exception {
    List<Integer> ids = new ArrayList<>(cluster.brokerIds());
    cluster.stopBroker(ids.get(0));
    cluster.stopBroker(ids.get(1));
    await().atMost(Duration.ofSeconds(30)).until(() -> isrSizesOfEvents().allMatch(s -> s == 1));

    try (var producer = producer(Map.of(ProducerConfig.RETRIES_CONFIG, 0))) {
      Future<RecordMetadata> send =
          producer.send(new ProducerRecord<>(SuggestionTopics.EVENTS, 0, "k", "refused"));

      assertThatThrownBy(() -> send.get(30, TimeUnit.SECONDS))
          .isInstanceOf(ExecutionException.class)
          .hasCauseInstanceOf(NotEnoughReplicasException.class);
    }
    cluster.startBroker(ids.get(0));
    await().atMost(Duration.ofSeconds(60)).until(() -> isrSizesOfEvents().allMatch(s -> s >= 2));
    assertThat(readAll()).doesNotContain("refused");
  }

  @Nested
  class RefusesExistingTopicsThatWeakenTheLog {

    @Test
    void withFewerPartitions() throws Exception {
      admin.createTopics(List.of(new NewTopic("few.partitions.v1", 6, (short) 3))).all().get();
      var spec = new TopicSpec("few.partitions.v1", 12, Map.of());

      assertThatThrownBy(() -> provisioner().provision(List.of(spec)))
          .isInstanceOf(IncompatibleTopicsException.class)
          .hasMessageContaining("topic few.partitions.v1 has 6 partitions but needs exactly 12");
    }

    @Test
    void withALowerReplicationFactor() throws Exception {
      admin.createTopics(List.of(new NewTopic("low.replication.v1", 12, (short) 2))).all().get();
      var spec = new TopicSpec("low.replication.v1", 12, Map.of());

      assertThatThrownBy(() -> provisioner().provision(List.of(spec)))
          .isInstanceOf(IncompatibleTopicsException.class)
          .hasMessageContaining("has replication factor 2 but needs at least 3");
    }

    @Test
    void withAFiniteRetentionOnTheSystemOfRecord() throws Exception {
      var topic =
          new NewTopic("short.retention.v1", 12, (short) 3)
              .configs(Map.of(TopicConfig.RETENTION_MS_CONFIG, "604800000"));
      admin.createTopics(List.of(topic)).all().get();
      var spec =
          new TopicSpec("short.retention.v1", 12, Map.of(TopicConfig.RETENTION_MS_CONFIG, "-1"));

      assertThatThrownBy(() -> provisioner().provision(List.of(spec)))
          .isInstanceOf(IncompatibleTopicsException.class)
          .hasMessageContaining("has retention.ms=604800000 but needs -1");
    }
  }

  private static TopicProvisioner provisioner() {
    return new TopicProvisioner(admin, Durability.PRODUCTION, Duration.ofSeconds(30));
  }

  private static KafkaProducer<String, String> idempotentProducer() {
    return producer(Map.of());
  }

  private static KafkaProducer<String, String> producer(Map<String, Object> overrides) {
    Properties props = new Properties();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers());
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    props.put(ProducerConfig.LINGER_MS_CONFIG, 0);
    props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 30_000);
    props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
    if (overrides.containsKey(ProducerConfig.RETRIES_CONFIG)) {
      // A retrying producer would hide the broker's answer behind its own timeout.
      props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, false);
    }
    props.putAll(overrides);
    return new KafkaProducer<>(props, new StringSerializer(), new StringSerializer());
  }

  private static List<RecordMetadata> sendToEveryPartition(
      String prefix, KafkaProducer<String, String> producer) throws Exception {
    try (producer) {
      List<Future<RecordMetadata>> sends = new ArrayList<>();
      for (int p = 0; p < SuggestionTopics.PARTITIONS; p++) {
        sends.add(producer.send(new ProducerRecord<>(SuggestionTopics.EVENTS, p, "k", prefix + p)));
      }
      List<RecordMetadata> acknowledged = new ArrayList<>();
      for (Future<RecordMetadata> send : sends) {
        acknowledged.add(send.get(60, TimeUnit.SECONDS));
      }
      return acknowledged;
    }
  }

  private static List<String> valuesOf(String prefix) {
    List<String> values = new ArrayList<>();
    for (int p = 0; p < SuggestionTopics.PARTITIONS; p++) {
      values.add(prefix + p);
    }
    return values;
  }

  private static List<String> readAll() {
    return TopicReader.values(cluster.bootstrapServers(), SuggestionTopics.EVENTS);
  }

  private static boolean isInAnyIsr(int brokerId) throws Exception {
    return eventsPartitions().stream()
        .anyMatch(p -> p.isr().stream().anyMatch(node -> node.id() == brokerId));
  }

  private static boolean allReplicasInSync() throws Exception {
    return eventsPartitions().stream().allMatch(p -> p.isr().size() == p.replicas().size());
  }

  private static java.util.stream.Stream<Integer> isrSizesOfEvents() throws Exception {
    return eventsPartitions().stream().map(p -> p.isr().size());
  }

  private static List<org.apache.kafka.common.TopicPartitionInfo> eventsPartitions()
      throws Exception {
    return admin
        .describeTopics(List.of(SuggestionTopics.EVENTS))
        .allTopicNames()
        .get()
        .get(SuggestionTopics.EVENTS)
        .partitions();
  }
}
