package gg.suggestions.eventstore.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import gg.suggestions.eventstore.contract.guildconfig.GuildToggle;
import gg.suggestions.eventstore.contract.guildconfig.GuildToggleSet;
import gg.suggestions.eventstore.envelope.AxonEnvelopes;
import gg.suggestions.eventstore.envelope.EnvelopeCodec;
import gg.suggestions.eventstore.envelope.EventEnvelope;
import gg.suggestions.eventstore.envelope.EventIds;
import gg.suggestions.eventstore.registry.EventSerialization;
import gg.suggestions.eventstore.replica.ReplicaSchema;
import gg.suggestions.eventstore.replica.ReplicaStore;
import gg.suggestions.eventstore.topic.SuggestionTopics;
import gg.suggestions.testing.KafkaTestCluster;
import gg.suggestions.testing.TestPostgres;
import gg.suggestions.testing.TopicReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.messaging.MetaData;
import org.axonframework.modelling.command.ConcurrencyException;
import org.axonframework.serialization.Serializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The storage engine over a real broker and a real replica, one Kafka transaction per batch. */
class KafkaEventStorageEngineIT {

  @RegisterExtension static final TestPostgres postgres = new TestPostgres();

  private static final EnvelopeCodec codec = new EnvelopeCodec();
  private static final Serializer serializer = EventSerialization.serializer();
  private static final AxonEnvelopes envelopes = EventSerialization.envelopes(serializer);

  private static KafkaTestCluster cluster;
  private static KafkaProducer<String, byte[]> producer;
  private static ReplicaStore replica;
  private static KafkaEventStorageEngine engine;

  @BeforeAll
  static void start() throws Exception {
    cluster = KafkaTestCluster.start(1).withTopics();
    producer =
        new KafkaProducer<>(
            Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                cluster.bootstrapServers(),
                ProducerConfig.TRANSACTIONAL_ID_CONFIG,
                "engine-it",
                ProducerConfig.LINGER_MS_CONFIG,
                0),
            new StringSerializer(),
            new ByteArraySerializer());
    producer.initTransactions();
    replica = new ReplicaStore(postgres.dataSource(), envelopes);
    replica.migrate();
    engine =
        new KafkaEventStorageEngine(
            ReplicaSchema.jdbcEngine(postgres.dataSource(), serializer),
            envelopes,
            codec,
            SuggestionTopics.EVENTS);
  }

  @AfterAll
  static void stop() {
    producer.close();
    cluster.close();
  }

  @Test
  void appendedEventsReachTheLogWithIdsFromTheirCommandAndThenTheReplica() throws Exception {
    inBatch(
        1,
        batch -> {
          batch.startCommand("cmd-1");
          engine.appendEvents(List.of(event("guild-1", 0), event("guild-1", 1)));
          return null;
        });

    List<EventEnvelope> logged = logged(1, "guild-1");
    assertThat(logged)
        .extracting(EventEnvelope::eventId)
        .containsExactly(EventIds.of("cmd-1", 0), EventIds.of("cmd-1", 1));
    assertThat(logged).extracting(EventEnvelope::guildId).containsOnly("guild-1");
    assertThat(
            engine.readEvents("guild-1", 0).asStream().map(DomainEventMessage::getSequenceNumber))
        .containsExactly(0L, 1L);
  }

  @Test
  void aStaleExpectedSequenceAppendsNothing() throws Exception {
    inBatch(
        2,
        batch -> {
          batch.startCommand("cmd-2a");
          engine.appendEvents(List.of(event("guild-2", 0)));
          return null;
        });

    AppendBatch stale =
        inBatch(
            2,
            batch -> {
              batch.startCommand("cmd-2b");
              assertThatThrownBy(() -> engine.appendEvents(List.of(event("guild-2", 0))))
                  .isInstanceOf(ConcurrencyException.class)
                  .hasMessageContaining("GuildConfig guild-2 is at sequence 0");
              assertThatThrownBy(
                      () -> engine.appendEvents(List.of(event("guild-2", 1), event("guild-2", 3))))
                  .isInstanceOf(ConcurrencyException.class);
              return null;
            });

    assertThat(stale.sends()).isEmpty();
    assertThat(logged(2, "guild-2")).hasSize(1);
  }

  @Test
  void aCommandSeesWhatEarlierCommandsOfItsBatchAppended() throws Exception {
    inBatch(
        3,
        batch -> {
          batch.startCommand("cmd-3a");
          engine.appendEvents(List.of(event("guild-3", 0)));

          batch.startCommand("cmd-3b");
          assertThat(engine.lastSequenceNumberFor("guild-3")).contains(0L);
          assertThat(
                  engine
                      .readEvents("guild-3", 0)
                      .asStream()
                      .<Object>map(DomainEventMessage::getPayload))
              .containsExactly(payload("guild-3", 0));
          engine.appendEvents(List.of(event("guild-3", 1)));
          return null;
        });

    assertThat(logged(3, "guild-3"))
        .extracting(EventEnvelope::eventId)
        .containsExactly(EventIds.of("cmd-3a", 0), EventIds.of("cmd-3b", 0));
  }

  @Test
  void sequencesThisNodeCommittedAreCheckedWithoutTheReplicaUntilForgotten() throws Exception {
    // Appended and (as far as the engine knows) committed, but never written to the replica.
    AppendBatch unreplicated =
        new AppendBatch(5, record -> CompletableFuture.completedFuture(null));
    unreplicated.bound(
        () -> {
          unreplicated.startCommand("cmd-5");
          engine.appendEvents(List.of(event("guild-5", 0), event("guild-5", 1)));
          return null;
        });
    engine.committed(unreplicated.pending());

    assertThat(engine.lastSequenceNumberFor("guild-5")).contains(1L);
    inBatch(
        5,
        batch -> {
          batch.startCommand("cmd-5b");
          assertThatThrownBy(() -> engine.appendEvents(List.of(event("guild-5", 0))))
              .isInstanceOf(ConcurrencyException.class)
              .hasMessageContaining("is at sequence 1");
          return null;
        });

    engine.forgetCommitted();

    assertThat(engine.lastSequenceNumberFor("guild-5")).as("the replica has none").isEmpty();
  }

  @Test
  void anAggregateTheReplicaCertainlyLacksIsNewWithoutAskingTheReplica() throws Exception {
    inBatch(
        6,
        batch -> {
          batch.startCommand("cmd-6");
          engine.appendEvents(List.of(event("guild-6", 0)));
          return null;
        });
    replica.knownIds().load(postgres.dataSource());
    var knowing =
        new KafkaEventStorageEngine(
            ReplicaSchema.jdbcEngine(postgres.dataSource(), serializer),
            replica.knownIds(),
            envelopes,
            codec,
            SuggestionTopics.EVENTS);
    // The replica is not to be read in this batch: the database is down, say.
    AppendBatch gated =
        new AppendBatch(
            6,
            record -> CompletableFuture.completedFuture(null),
            partition -> {
              throw new ReplicaUnavailableException("partition " + partition + " is behind");
            });

    gated.bound(
        () -> {
          gated.startCommand("cmd-6b");
          assertThat(knowing.lastSequenceNumberFor("guild-6-new")).isEmpty();
          assertThat(knowing.readEvents("guild-6-new").hasNext()).isFalse();
          knowing.appendEvents(List.of(event("guild-6-new", 0)));
          assertThatThrownBy(() -> knowing.lastSequenceNumberFor("guild-6"))
              .isInstanceOf(ReplicaUnavailableException.class)
              .hasMessageContaining("partition 6 is behind");
          return null;
        });

    assertThat(gated.pending())
        .extracting(EventEnvelope::aggregateId)
        .containsExactly("guild-6-new");
    assertThat(knowing.lastSequenceNumberFor("guild-6")).as("outside a batch").contains(0L);
  }

  @Test
  void appendingOutsideTheCommandLoopIsABug() {
    assertThatThrownBy(() -> engine.appendEvents(List.of(event("guild-4", 0))))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("only by the command loop");
  }

  interface BatchWork {
    Object run(AppendBatch batch) throws Exception;
  }

  /** One loop iteration: begin, handle, commit to Kafka, then apply to the replica. */
  private static AppendBatch inBatch(int partition, BatchWork work) throws Exception {
    producer.beginTransaction();
    AppendBatch batch = new AppendBatch(partition, producer::send);
    Callable<Object> handling = () -> work.run(batch);
    batch.bound(handling);
    long next = -1;
    for (var send : batch.sends()) {
      next = send.get().offset() + 1;
    }
    producer.commitTransaction();
    if (next >= 0) {
      replica.apply(partition, batch.pending(), next);
    }
    return batch;
  }

  private static DomainEventMessage<GuildToggleSet> event(String guild, long sequence) {
    return new GenericDomainEventMessage<>(
        "GuildConfig", guild, sequence, payload(guild, sequence), MetaData.with("guildId", guild));
  }

  private static GuildToggleSet payload(String guild, long sequence) {
    return new GuildToggleSet(guild, GuildToggle.DM_MESSAGES, sequence % 2 == 0);
  }

  private static List<EventEnvelope> logged(int partition, String guild) {
    return TopicReader.readCommitted(cluster.bootstrapServers(), SuggestionTopics.EVENTS).stream()
        .filter(r -> r.partition() == partition && guild.equals(r.key()))
        .map(r -> codec.decode(r.value().getBytes(StandardCharsets.UTF_8)))
        .toList();
  }
}
