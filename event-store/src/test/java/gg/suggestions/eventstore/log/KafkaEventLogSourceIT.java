package gg.suggestions.eventstore.log;

import static org.assertj.core.api.Assertions.assertThat;

import gg.suggestions.eventstore.contract.guildconfig.GuildToggle;
import gg.suggestions.eventstore.contract.guildconfig.GuildToggleSet;
import gg.suggestions.eventstore.envelope.AxonEnvelopes;
import gg.suggestions.eventstore.envelope.EnvelopeCodec;
import gg.suggestions.eventstore.envelope.EventIds;
import gg.suggestions.eventstore.registry.EventSerialization;
import gg.suggestions.eventstore.topic.SuggestionTopics;
import gg.suggestions.testing.KafkaTestCluster;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.axonframework.common.stream.BlockingStream;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.messaging.MetaData;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The event topic read as an Axon message source, on a real broker with real transactions: only
 * committed events appear, in per-partition order, and a stream reopened at any token continues
 * exactly where that token points.
 */
class KafkaEventLogSourceIT {

  private static final EnvelopeCodec codec = new EnvelopeCodec();
  private static final AxonEnvelopes envelopes =
      EventSerialization.envelopes(EventSerialization.serializer());

  private static KafkaTestCluster cluster;
  private static KafkaEventLogSource source;

  @BeforeAll
  static void writeALogWithCommittedAbortedAndBrokenRecords() throws Exception {
    cluster = KafkaTestCluster.start(1).withTopics();
    try (var producer = transactionalProducer()) {
      producer.initTransactions();
      inTransaction(
          producer, true, event(0, "guild-a", 0), event(0, "guild-a", 1), event(0, "guild-a", 2));
      inTransaction(producer, false, event(0, "guild-a", 99));
      inTransaction(producer, true, event(5, "guild-b", 0), event(5, "guild-b", 1));
      inTransaction(
          producer,
          true,
          new ProducerRecord<>(
              SuggestionTopics.EVENTS,
              0,
              "guild-a",
              "not an envelope".getBytes(StandardCharsets.UTF_8)),
          event(0, "guild-a", 3));
      // Partition 7 holds nothing but an aborted transaction, longer than one look back.
      ProducerRecord<String, byte[]>[] aborted = new ProducerRecord[100];
      for (int i = 0; i < aborted.length; i++) {
        aborted[i] = event(7, "guild-c", i);
      }
      inTransaction(producer, false, aborted);
    }
    source =
        new KafkaEventLogSource(
            Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers()),
            SuggestionTopics.EVENTS,
            codec,
            envelopes);
  }

  @AfterAll
  static void stopCluster() {
    cluster.close();
  }

  @Test
  void readsEveryCommittedEventOnceInPartitionOrder() throws Exception {
    List<TrackedEventMessage<?>> read = events(readAll(source.createTailToken()));

    assertThat(read)
        .extracting(m -> ((GuildToggleSet) m.getPayload()).guildId() + "#" + sequenceOf(m))
        .containsExactlyInAnyOrder(
            "guild-a#0", "guild-a#1", "guild-a#2", "guild-a#3", "guild-b#0", "guild-b#1");
    assertThat(
            read.stream()
                .filter(m -> m.getPayload().toString().contains("guild-a"))
                .map(this::sequenceOf))
        .containsExactly(0L, 1L, 2L, 3L);
    assertThat(read).extracting(TrackedEventMessage::getIdentifier).doesNotHaveDuplicates();
  }

  @Test
  void aReopenedStreamContinuesAfterItsToken() throws Exception {
    List<TrackedEventMessage<?>> all = readAll(source.createTailToken());
    TrackedEventMessage<?> second = all.get(1);

    List<TrackedEventMessage<?>> rest = readAll(second.trackingToken());

    assertThat(rest)
        .extracting(TrackedEventMessage::getIdentifier)
        .containsExactlyElementsOf(
            all.subList(2, all.size()).stream().map(TrackedEventMessage::getIdentifier).toList());
  }

  @Test
  void theBrokenRecordArrivesAsUnreadableWithItsBytesAndThePositionMovesBeyondIt()
      throws Exception {
    List<TrackedEventMessage<?>> all = readAll(source.createTailToken());
    List<TrackedEventMessage<?>> read = events(all);
    KafkaTrackingToken last = (KafkaTrackingToken) read.get(read.size() - 1).trackingToken();
    KafkaTrackingToken head = (KafkaTrackingToken) source.createHeadToken();

    assertThat(read).noneMatch(m -> sequenceOf(m) == 99);
    assertThat(all)
        .filteredOn(m -> m.getPayload() instanceof UnreadableRecord)
        .singleElement()
        .satisfies(
            m -> {
              assertThat(m.getPayload())
                  .isEqualTo(
                      new UnreadableRecord(
                          SuggestionTopics.EVENTS,
                          0,
                          6,
                          ((UnreadableRecord) m.getPayload()).reason()));
              assertThat((byte[]) m.getMetaData().get(KafkaEventLogSource.RECORD))
                  .isEqualTo("not an envelope".getBytes(StandardCharsets.UTF_8));
            });
    // Partition 0: events at 0-2, commit marker 3, aborted event 4, abort marker 5, the broken
    // record 6, the last event 7. Partition 5: events at 0-1.
    assertThat(last.offsets()).isEqualTo(Map.of(0, 8L, 5, 2L));
    assertThat(head.covers(last)).isTrue();
  }

  /**
   * Readiness waits for a processor to reach where the log ended at start-up. The head token counts
   * commit markers and aborted records, which a reader's token never passes; the last record token
   * is exactly where a reader that read everything stands.
   */
  @Test
  void theLastRecordTokenIsWhereAReaderOfEverythingStandsAndTheHeadIsNot() throws Exception {
    List<TrackedEventMessage<?>> all = readAll(source.createTailToken());
    KafkaTrackingToken reader = (KafkaTrackingToken) all.get(all.size() - 1).trackingToken();

    KafkaTrackingToken end = source.lastRecordToken();

    assertThat(end.offsets()).isEqualTo(Map.of(0, 8L, 5, 2L));
    assertThat(reader.covers(end)).isTrue();
    assertThat(reader.covers(source.createHeadToken())).isFalse();
  }

  @Test
  void tokensAtInstantsBracketTheLog() {
    assertThat(source.createTokenAt(Instant.EPOCH)).isEqualTo(KafkaTrackingToken.empty());
    assertThat(source.createTokenAt(Instant.now().plusSeconds(3600)))
        .isEqualTo(source.createHeadToken());
  }

  private static List<TrackedEventMessage<?>> events(List<TrackedEventMessage<?>> messages) {
    return messages.stream().filter(m -> !(m.getPayload() instanceof UnreadableRecord)).toList();
  }

  private long sequenceOf(TrackedEventMessage<?> message) {
    return ((org.axonframework.eventhandling.DomainEventMessage<?>) message).getSequenceNumber();
  }

  private static List<TrackedEventMessage<?>> readAll(
      org.axonframework.eventhandling.TrackingToken from) throws Exception {
    List<TrackedEventMessage<?>> read = new ArrayList<>();
    try (BlockingStream<TrackedEventMessage<?>> stream = source.openStream(from)) {
      while (stream.hasNextAvailable(3, TimeUnit.SECONDS)) {
        read.add(stream.nextAvailable());
      }
    }
    return read;
  }

  private static ProducerRecord<String, byte[]> event(int partition, String guild, long sequence) {
    var message =
        new GenericDomainEventMessage<>(
            "GuildConfig",
            guild,
            sequence,
            new GuildToggleSet(guild, GuildToggle.KEEP_LOGS, sequence % 2 == 0),
            MetaData.with("commandId", guild + "-cmd-" + sequence),
            EventIds.of(guild + "-cmd-" + sequence, 0),
            Instant.parse("2026-06-01T08:00:00Z").plusSeconds(sequence));
    var envelope = envelopes.toEnvelope(message, guild);
    var record =
        new ProducerRecord<>(SuggestionTopics.EVENTS, partition, guild, codec.encode(envelope));
    codec.writeHeaders(envelope, record.headers());
    return record;
  }

  @SafeVarargs
  private static void inTransaction(
      KafkaProducer<String, byte[]> producer,
      boolean commit,
      ProducerRecord<String, byte[]>... records)
      throws Exception {
    producer.beginTransaction();
    for (var record : records) {
      producer.send(record).get(30, TimeUnit.SECONDS);
    }
    if (commit) {
      producer.commitTransaction();
    } else {
      producer.abortTransaction();
    }
  }

  private static KafkaProducer<String, byte[]> transactionalProducer() {
    return new KafkaProducer<>(
        Map.of(
            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers(),
            ProducerConfig.TRANSACTIONAL_ID_CONFIG, "log-source-it",
            ProducerConfig.ACKS_CONFIG, "all"),
        new StringSerializer(),
        new ByteArraySerializer());
  }
}
