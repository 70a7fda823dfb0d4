package gg.suggestions.command.loop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import gg.suggestions.eventstore.contract.guildconfig.GuildToggle;
import gg.suggestions.eventstore.contract.guildconfig.GuildToggleSet;
import gg.suggestions.eventstore.envelope.AxonEnvelopes;
import gg.suggestions.eventstore.envelope.EnvelopeCodec;
import gg.suggestions.eventstore.envelope.EventEnvelope;
import gg.suggestions.eventstore.registry.EventSerialization;
import gg.suggestions.eventstore.replica.ReplicaCatchUp;
import gg.suggestions.eventstore.replica.ReplicaSchema;
import gg.suggestions.eventstore.replica.ReplicaStore;
import gg.suggestions.eventstore.topic.SuggestionTopics;
import gg.suggestions.testing.KafkaTestCluster;
import gg.suggestions.testing.TestEvents;
import gg.suggestions.testing.TestPostgres;
import gg.suggestions.testing.TopicReader;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.axonframework.serialization.Serializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The replica stays equal to the log: written after each Kafka commit, and caught up from the log
 * when that write never happened (a crash between the two commits).
 */
class ReplicaCatchUpIT {

  @RegisterExtension static final TestPostgres postgres = new TestPostgres();

  private static final EnvelopeCodec codec = new EnvelopeCodec();
  private static final Serializer serializer = EventSerialization.serializer();
  private static final AxonEnvelopes envelopes = EventSerialization.envelopes(serializer);

  private static KafkaTestCluster cluster;
  private static ReplicaStore store;

  @BeforeAll
  static void start() throws Exception {
    cluster = KafkaTestCluster.start(1).withTopics();
    store = new ReplicaStore(postgres.dataSource(), envelopes);
    store.migrate();
  }

  @AfterAll
  static void stop() {
    cluster.close();
  }

  @Test
  void aCrashBetweenTheKafkaCommitAndTheReplicaCommitIsHealedFromTheLog() throws Exception {
    int partition = 2;
    List<EventEnvelope> first = TestEvents.guildToggles(envelopes, "guild-2", 0, 3);
    List<EventEnvelope> second = TestEvents.guildToggles(envelopes, "guild-2", 3, 2);
    try (PartitionWriter writer = PartitionWriter.open(partition, producerConfig())) {
      long next = commit(writer, first);
      store.apply(partition, first, next);

      commit(writer, second);
      // The node dies here: the events are acknowledged, the replica never hears of them.
    }

    long reached = catchUp().catchUp(partition).events();

    assertThat(replicaEventIds("guild-2")).containsExactlyElementsOf(logEventIds(partition));
    assertThat(replicaEventIds("guild-2")).hasSize(5);
    assertThat(store.checkpoint(partition)).isEqualTo(reached);
    assertThat(catchUp().catchUp(partition).events()).isEqualTo(reached);
    assertThat(replicaEventIds("guild-2")).hasSize(5);
  }

  @Test
  void aNewWriterMarksWhereTheLogsEndWithoutLeavingAnythingAReaderSees() throws Exception {
    int partition = 5;
    long committedEnd =
        commitWithAWriterOfItsOwn(partition, TestEvents.guildToggles(envelopes, "guild-5", 0, 3));

    try (PartitionWriter next = PartitionWriter.open(partition, producerConfig())) {
      ReplicaCatchUp.Reached ends = next.endsWhenOpened();
      ReplicaCatchUp.Reached reached = catchUp().catchUp(partition, ends);

      assertThat(ends.events()).isGreaterThan(committedEnd);
      assertThat(reached.events()).isGreaterThanOrEqualTo(ends.events());
      assertThat(reached.interactions()).isGreaterThanOrEqualTo(ends.interactions());
    }
    // logEventIds decodes every committed record: the marks are not among them.
    assertThat(logEventIds(partition)).hasSize(3);
    assertThat(replicaEventIds("guild-5")).containsExactlyElementsOf(logEventIds(partition));
  }

  @Test
  void aCatchUpDoesNotStopAtAReportedEndShortOfTheOneItMustReach() throws Exception {
    int partition = 6;
    long committedEnd =
        commitWithAWriterOfItsOwn(partition, TestEvents.guildToggles(envelopes, "guild-6", 0, 2));
    // As after a deposed leader's answer: the node saw the leaders acknowledge more than this.
    var mustReach = new ReplicaCatchUp.Reached(committedEnd + 10, 0);
    var impatient =
        new ReplicaCatchUp(
            Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers()),
            store,
            codec,
            Duration.ofSeconds(2));

    assertThatThrownBy(() -> impatient.catchUp(partition, mustReach))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("short of " + (committedEnd + 10));
    assertThat(replicaEventIds("guild-6")).hasSize(2);
  }

  @Test
  void aReplicaOfAnotherLogIsEmptiedSoItIsRebuiltFromThisOne() throws Exception {
    int partition = 7;
    store.bindTo(Map.of(SuggestionTopics.EVENTS, "id-of-a-deleted-topic"));
    store.apply(partition, TestEvents.guildToggles(envelopes, "guild-7", 0, 2), 2);

    boolean emptied = store.bindTo(Map.of(SuggestionTopics.EVENTS, "id-of-the-topic-now"));

    assertThat(emptied).isTrue();
    assertThat(replicaEventIds("guild-7")).isEmpty();
    assertThat(store.checkpoint(partition)).isZero();
    assertThat(store.bindTo(Map.of(SuggestionTopics.EVENTS, "id-of-the-topic-now"))).isFalse();
  }

  @Test
  void axonsOwnJdbcEngineLoadsTheAggregateFromTheReplica() throws Exception {
    int partition = 4;
    try (PartitionWriter writer = PartitionWriter.open(partition, producerConfig())) {
      commit(writer, TestEvents.guildToggles(envelopes, "guild-4", 0, 3));
    }
    catchUp().catchUp(partition);

    List<? extends DomainEventMessage<?>> loaded =
        axonJdbcEngine().readEvents("guild-4", 0).asStream().toList();

    assertThat(loaded)
        .extracting(DomainEventMessage::getSequenceNumber)
        .containsExactly(0L, 1L, 2L);
    assertThat(loaded.get(2).getPayload())
        .isEqualTo(new GuildToggleSet("guild-4", GuildToggle.VOTERS_VISIBLE, true));
    assertThat(loaded.get(0).getMetaData()).containsEntry("commandId", "guild-4-cmd-0");
  }

  @Test
  void rowsAndCheckpointMoveTogetherOrNotAtAll() throws Exception {
    int partition = 9;
    store.apply(partition, TestEvents.guildToggles(envelopes, "guild-9", 0, 1), 5);
    List<EventEnvelope> clash =
        new ArrayList<>(TestEvents.guildToggles(envelopes, "guild-9", 1, 1));
    clash.add(
        withEventId(
            TestEvents.guildToggles(envelopes, "guild-9", 0, 1).get(0),
            "another-id-same-sequence"));

    assertThatThrownBy(() -> store.apply(partition, clash, 9)).isInstanceOf(SQLException.class);

    assertThat(store.checkpoint(partition)).isEqualTo(5);
    assertThat(replicaEventIds("guild-9")).hasSize(1);
  }

  private static long commit(PartitionWriter writer, List<EventEnvelope> batch) throws Exception {
    writer.begin();
    long last = -1;
    for (EventEnvelope envelope : batch) {
      var record =
          new ProducerRecord<>(
              SuggestionTopics.EVENTS,
              writer.partition(),
              envelope.guildId(),
              codec.encode(envelope));
      last = writer.await(writer.send(record)).offset();
    }
    writer.commit();
    return last + 1;
  }

  /** Commits {@code batch} through a writer opened and closed for it, as one short-lived owner. */
  private static long commitWithAWriterOfItsOwn(int partition, List<EventEnvelope> batch)
      throws Exception {
    try (PartitionWriter writer = PartitionWriter.open(partition, producerConfig())) {
      return commit(writer, batch);
    }
  }

  private static EventEnvelope withEventId(EventEnvelope e, String eventId) {
    return new EventEnvelope(
        e.schema(),
        eventId,
        e.type(),
        e.version(),
        e.aggregateType(),
        e.aggregateId(),
        e.sequence(),
        e.guildId(),
        e.occurredAt(),
        e.metadata(),
        e.payload());
  }

  private static List<String> replicaEventIds(String aggregateId) {
    return new JdbcTemplate(postgres.dataSource())
        .queryForList(
            "SELECT event_identifier FROM cmd.domain_event_entry"
                + " WHERE aggregate_identifier = ? ORDER BY sequence_number",
            String.class,
            aggregateId);
  }

  private static List<String> logEventIds(int partition) {
    return TopicReader.readCommitted(cluster.bootstrapServers(), SuggestionTopics.EVENTS).stream()
        .filter(r -> r.partition() == partition)
        .map(
            r ->
                codec.decode(r.value().getBytes(java.nio.charset.StandardCharsets.UTF_8)).eventId())
        .toList();
  }

  private static ReplicaCatchUp catchUp() {
    return new ReplicaCatchUp(
        Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers()), store, codec);
  }

  private static JdbcEventStorageEngine axonJdbcEngine() {
    return ReplicaSchema.jdbcEngine(postgres.dataSource(), serializer);
  }

  private static Map<String, Object> producerConfig() {
    return Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers());
  }
}
