package gg.suggestions.command.loop;

import static org.assertj.core.api.Assertions.assertThat;

import gg.suggestions.eventstore.envelope.AxonEnvelopes;
import gg.suggestions.eventstore.envelope.EnvelopeCodec;
import gg.suggestions.eventstore.envelope.EventEnvelope;
import gg.suggestions.eventstore.envelope.InteractionEnvelope;
import gg.suggestions.eventstore.registry.EventSerialization;
import gg.suggestions.eventstore.replica.ReplicaCatchUp;
import gg.suggestions.eventstore.replica.ReplicaSchema;
import gg.suggestions.eventstore.replica.ReplicaStore;
import gg.suggestions.eventstore.topic.SuggestionTopics;
import gg.suggestions.testing.HostileRecords;
import gg.suggestions.testing.HostileRecords.Hostile;
import gg.suggestions.testing.KafkaTestCluster;
import gg.suggestions.testing.TestCommands;
import gg.suggestions.testing.TestEvents;
import gg.suggestions.testing.TestPostgres;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.serialization.Serializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The replica's catch-up survives any record on the log: what it can not read or store goes to
 * {@code cmd.dead_letter}, and the events after it are applied as if it were not there.
 */
class ReplicaPoisonIT {

  @RegisterExtension static final TestPostgres postgres = new TestPostgres();

  private static final EnvelopeCodec codec = new EnvelopeCodec();
  private static final Serializer serializer = EventSerialization.serializer();
  private static final AxonEnvelopes envelopes = EventSerialization.envelopes(serializer);

  private static KafkaTestCluster cluster;
  private static ReplicaStore store;

  @BeforeAll
  static void start() {
    cluster = KafkaTestCluster.start(1).withTopics();
    store = new ReplicaStore(postgres.dataSource(), envelopes);
    store.migrate();
  }

  @AfterAll
  static void stop() {
    cluster.close();
  }

  @Test
  void aCatchUpDeadLettersHostileRecordsAndAppliesTheGoodOnesAfterThem() throws Exception {
    long seed = HostileRecords.seed();
    String why =
        "hostile records of seed " + seed + " (-D" + HostileRecords.SEED + "=" + seed + ")";
    Random random = new Random(seed);
    int partition = 3;
    List<EventEnvelope> good = TestEvents.guildToggles(envelopes, "guild-3", 0, 4);
    commit(partition, good.subList(0, 2), TestEvents.acceptedToggle("good-command-1", "guild-3"));
    List<Hostile> hostileEvents =
        HostileRecords.of(codec.encode(good.get(0)), "aggregateId", random);
    byte[] validInteraction =
        TestCommands.CODEC.encode(TestEvents.acceptedToggle("template-command", "guild-3"));
    List<Hostile> hostileInteractions = HostileRecords.of(validInteraction, "commandId", random);
    long firstHostile = endOf(SuggestionTopics.EVENTS, partition);
    HostileRecords.produce(
        cluster.bootstrapServers(), SuggestionTopics.EVENTS, partition, hostileEvents);
    HostileRecords.produce(
        cluster.bootstrapServers(), SuggestionTopics.INTERACTIONS, partition, hostileInteractions);
    commit(partition, good.subList(2, 4), TestEvents.acceptedToggle("good-command-2", "guild-3"));

    var reached = catchUp().catchUp(partition);

    assertThat(loadedSequences("guild-3")).as(why).containsExactly(0L, 1L, 2L, 3L);
    assertThat(store.handledReply("good-command-1")).as(why).isPresent();
    assertThat(store.handledReply("good-command-2")).as(why).isPresent();
    assertThat(store.checkpoint(partition)).as(why).isEqualTo(reached.events());
    assertThat(deadOffsets(SuggestionTopics.EVENTS, partition))
        .as(why)
        .containsAll(refusedOffsets(hostileEvents, firstHostile));
    assertThat(deadOffsets(SuggestionTopics.INTERACTIONS, partition).size())
        .as(why)
        .isGreaterThanOrEqualTo(refusedOffsets(hostileInteractions, 0).size());
    long dead = store.deadLetterCount();
    assertThat(catchUp().catchUp(partition)).as(why).isEqualTo(reached);
    assertThat(store.deadLetterCount()).as("a repeated catch-up adds none; " + why).isEqualTo(dead);
  }

  private static List<Long> refusedOffsets(List<Hostile> hostile, long first) {
    List<Long> offsets = new ArrayList<>();
    for (int i = 0; i < hostile.size(); i++) {
      if (hostile.get(i).refused()) {
        offsets.add(first + i);
      }
    }
    return offsets;
  }

  private static List<Long> deadOffsets(String topic, int partition) {
    return new JdbcTemplate(postgres.dataSource())
        .queryForList(
            "SELECT log_offset FROM cmd.dead_letter WHERE topic = ? AND log_partition = ?",
            Long.class,
            topic,
            partition);
  }

  private static List<Long> loadedSequences(String aggregateId) {
    return ReplicaSchema.jdbcEngine(postgres.dataSource(), serializer)
        .readEvents(aggregateId, 0)
        .asStream()
        .map(DomainEventMessage::getSequenceNumber)
        .toList();
  }

  private static void commit(int partition, List<EventEnvelope> batch, InteractionEnvelope handled)
      throws Exception {
    try (PartitionWriter writer = PartitionWriter.open(partition, producerConfig())) {
      writer.begin();
      for (EventEnvelope envelope : batch) {
        writer.send(
            new ProducerRecord<>(
                SuggestionTopics.EVENTS, partition, envelope.guildId(), codec.encode(envelope)));
      }
      writer.send(
          new ProducerRecord<>(
              SuggestionTopics.INTERACTIONS,
              partition,
              handled.guildId(),
              TestCommands.CODEC.encode(handled)));
      writer.commit();
    }
  }

  private static long endOf(String topic, int partition) {
    var tp = new org.apache.kafka.common.TopicPartition(topic, partition);
    try (var consumer =
        new org.apache.kafka.clients.consumer.KafkaConsumer<>(
            Map.<String, Object>of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                cluster.bootstrapServers(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                "read_uncommitted"),
            new org.apache.kafka.common.serialization.ByteArrayDeserializer(),
            new org.apache.kafka.common.serialization.ByteArrayDeserializer())) {
      return consumer.endOffsets(List.of(tp)).get(tp);
    }
  }

  private static ReplicaCatchUp catchUp() {
    return new ReplicaCatchUp(
        Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers()), store, codec);
  }

  private static Map<String, Object> producerConfig() {
    return Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers());
  }
}
