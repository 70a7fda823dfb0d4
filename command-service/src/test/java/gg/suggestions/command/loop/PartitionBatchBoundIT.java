package gg.suggestions.command.loop;

import static org.assertj.core.api.Assertions.assertThat;

import gg.suggestions.eventstore.contract.Actor;
import gg.suggestions.eventstore.envelope.CommandCodec;
import gg.suggestions.eventstore.envelope.CommandEnvelope;
import gg.suggestions.eventstore.envelope.EnvelopeCodec;
import gg.suggestions.eventstore.registry.EventSerialization;
import gg.suggestions.eventstore.replica.ReplicaStore;
import gg.suggestions.eventstore.topic.SuggestionTopics;
import gg.suggestions.testing.TestPostgres;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.axonframework.commandhandling.SimpleCommandBus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A transaction is bounded by the records it writes, not only by its commands: a backlog of
 * commands that each write many records (an import's) would otherwise make one transaction that
 * outlasts the transaction timeout, is aborted by the coordinator, and comes back the same, forever
 * (seen at 1.95 M imported documents: one partition fenced again every minute or two).
 */
class PartitionBatchBoundIT {

  @RegisterExtension static final TestPostgres postgres = new TestPostgres();

  private static final TopicPartition PARTITION = new TopicPartition(SuggestionTopics.COMMANDS, 3);

  @Test
  void aTransactionEndsOnceItsRecordsReachTheBoundWhateverItsCommandCount() throws Exception {
    var producer =
        new MockProducer<>(true, null, new StringSerializer(), new ByteArraySerializer());
    producer.initTransactions();
    var codec = new CommandCodec(EnvelopeCodec.defaultMapper());
    int count = 2 * PartitionBatch.MAX_RECORDS + 7;
    List<ConsumerRecord<String, byte[]>> records =
        IntStream.range(0, count)
            .mapToObj(
                offset -> {
                  // Each is refused (keyed apart from its guild) and leaves one interaction.
                  var command =
                      new CommandEnvelope(
                          CommandEnvelope.SCHEMA,
                          "command-" + offset,
                          "SetGuildToggle",
                          "123456789012345678",
                          EnvelopeCodec.defaultMapper()
                              .createObjectNode()
                              .put("guildId", "123456789012345678"),
                          new Actor("42", 0, List.of()),
                          "en-US",
                          "en-US",
                          "requester-1",
                          Instant.now());
                  return new ConsumerRecord<>(
                      PARTITION.topic(),
                      PARTITION.partition(),
                      offset,
                      "another-key",
                      codec.encode(command));
                })
            .toList();

    PartitionBatch.Result result =
        batch(count + 1)
            .run(new PartitionWriter(PARTITION.partition(), producer), PARTITION, records);

    assertThat(result).isEqualTo(PartitionBatch.Result.COMMITTED);
    assertThat(producer.commitCount()).isEqualTo(3);
    assertThat(producer.history())
        .filteredOn(r -> r.topic().equals(SuggestionTopics.INTERACTIONS))
        .hasSize(count);
  }

  /** A batch whose replica knows every handled id (none): no command needs to read it. */
  private static PartitionBatch batch(int maxBatch) throws Exception {
    var mapper = EnvelopeCodec.defaultMapper();
    var codec = new CommandCodec(mapper);
    var replica =
        new ReplicaStore(
            postgres.dataSource(), EventSerialization.envelopes(EventSerialization.serializer()));
    replica.migrate();
    replica.knownIds().load(postgres.dataSource());
    return new PartitionBatch(
        new CommandHandling(
            SimpleCommandBus.builder().build(), replica, codec, mapper, Clock.systemUTC()),
        codec,
        new ReplicaFeed(replica, null, SnapshotTrigger.none()),
        maxBatch,
        new MockProducer<>(true, null, new StringSerializer(), new ByteArraySerializer()),
        Resident.none(),
        CommandMetrics.none());
  }
}
