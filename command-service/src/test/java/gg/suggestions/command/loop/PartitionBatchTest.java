package gg.suggestions.command.loop;

import static org.assertj.core.api.Assertions.assertThat;

import gg.suggestions.eventstore.contract.Actor;
import gg.suggestions.eventstore.envelope.CommandCodec;
import gg.suggestions.eventstore.envelope.CommandEnvelope;
import gg.suggestions.eventstore.envelope.EnvelopeCodec;
import gg.suggestions.eventstore.registry.EventSerialization;
import gg.suggestions.eventstore.replica.ReplicaStore;
import gg.suggestions.eventstore.topic.SuggestionTopics;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.axonframework.commandhandling.SimpleCommandBus;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * How a batch's transaction ends decides what the loop does with the partition. Kafka's own
 * MockProducer stands in for the writer's producer; the commands are unreadable ones without a
 * reply address, which the handling skips without touching the bus or the replica.
 */
class PartitionBatchTest {

  private static final TopicPartition PARTITION = new TopicPartition(SuggestionTopics.COMMANDS, 3);
  private MockProducer<String, byte[]> producer;
  private PartitionWriter writer;

  @BeforeEach
  void openWriter() {
    producer = new MockProducer<>(true, null, new StringSerializer(), new ByteArraySerializer());
    producer.initTransactions();
    writer = new PartitionWriter(PARTITION.partition(), producer);
  }

  @Test
  void aCommittedBatchKeepsTheResidentAggregates() {
    var resident = new Resident(null);
    var cache = resident.newCache();
    cache.put("guild-1", "state");

    PartitionBatch.Result result = batch(500, resident).run(writer, PARTITION, commands(2));

    assertThat(result).isEqualTo(PartitionBatch.Result.COMMITTED);
    assertThat(cache.containsKey("guild-1")).isTrue();
  }

  @Test
  void commitsAPollInTransactionsOfAtMostMaxBatchCommands() {
    PartitionBatch.Result result = batch(2).run(writer, PARTITION, commands(5));

    assertThat(result).isEqualTo(PartitionBatch.Result.COMMITTED);
    assertThat(producer.commitCount()).isEqualTo(3);
    // The loop commits the consumed offsets to the group afterwards, outside the transaction.
    assertThat(producer.consumerGroupOffsetsHistory()).isEmpty();
  }

  @Nested
  class Metrics {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final CommandMetrics metrics = new CommandMetrics(registry);

    @Test
    void countTransactionsByResultAndTheirSizes() {
      batch(2, Resident.none(), metrics).run(writer, PARTITION, commands(5));
      producer.commitTransactionException = new ProducerFencedException("newer owner");
      batch(2, Resident.none(), metrics).run(writer, PARTITION, commands(1));

      assertThat(transactions("committed")).isEqualTo(3);
      assertThat(transactions("fenced")).isEqualTo(1);
      assertThat(transactions("aborted")).isZero();
      var sizes = registry.get("suggestions.command.batch.size").summary();
      assertThat(sizes.count()).isEqualTo(3);
      assertThat(sizes.totalAmount()).isEqualTo(5);
      assertThat(registry.get("suggestions.command.step").tag("step", "commit").timer().count())
          .isEqualTo(3); // The fenced commit never ended.
    }

    @Test
    void timeEachAnsweredCommandByTypeAndOutcomeWithoutItsIds() {
      var command =
          new CommandEnvelope(
              CommandEnvelope.SCHEMA,
              "command-1",
              "NoSuchCommandTypeFromTheFuture",
              "123456789012345678",
              EnvelopeCodec.defaultMapper().createObjectNode().put("guildId", "123456789012345678"),
              new Actor("42", 0, List.of()),
              "en-US",
              "en-US",
              "requester-1",
              Instant.now());
      byte[] value = new CommandCodec(EnvelopeCodec.defaultMapper()).encode(command);
      var record =
          new ConsumerRecord<>(
              PARTITION.topic(),
              PARTITION.partition(),
              0,
              System.currentTimeMillis() - 50,
              TimestampType.CREATE_TIME,
              0,
              value.length,
              "123456789012345678",
              value,
              new RecordHeaders(),
              Optional.empty());

      batch(500, Resident.none(), metrics).run(writer, PARTITION, List.of(record));

      var timer =
          registry
              .get("suggestions.commands")
              .tag("type", CommandMetrics.UNKNOWN_TYPE)
              .tag("outcome", "unknown_command")
              .timer();
      assertThat(timer.count()).isEqualTo(1);
      assertThat(timer.totalTime(TimeUnit.MILLISECONDS)).isGreaterThanOrEqualTo(50);
      assertThat(registry.getMeters())
          .flatMap(meter -> meter.getId().getTags())
          .extracting(Tag::getValue)
          .doesNotContain("command-1", "requester-1", "123456789012345678", "42");
    }

    private double transactions(String result) {
      return registry
          .get("suggestions.command.transactions")
          .tag("result", result)
          .counter()
          .count();
    }
  }

  @Nested
  class WhenTheCommitDoesNotHappen {

    @Test
    void aTimedOutCommitIsAmbiguousAndReopensTheWriter() {
      producer.commitTransactionException = new TimeoutException("commit timed out");

      PartitionBatch.Result result = batch(500).run(writer, PARTITION, commands(2));

      assertThat(result).isEqualTo(PartitionBatch.Result.REOPEN);
      assertThat(producer.commitCount()).isZero();
      assertThat(producer.transactionAborted()).isFalse();
    }

    @Test
    void aBatchThatDoesNotCommitForgetsEveryResidentAggregate() {
      var resident = new Resident(null);
      var cache = resident.newCache();
      cache.put("guild-1", "state the aborted transaction may have changed");
      producer.commitTransactionException = new KafkaException("coordinator moved");

      PartitionBatch.Result result = batch(500, resident).run(writer, PARTITION, commands(2));

      assertThat(result).isEqualTo(PartitionBatch.Result.ABORTED);
      assertThat(cache.containsKey("guild-1")).isFalse();
    }

    @Test
    void aFencedWriterReleasesThePartition() {
      producer.commitTransactionException = new ProducerFencedException("newer owner");

      PartitionBatch.Result result = batch(500).run(writer, PARTITION, commands(2));

      assertThat(result).isEqualTo(PartitionBatch.Result.FENCED);
    }

    @Test
    void anyOtherFailureAbortsAndRewinds() {
      producer.commitTransactionException = new KafkaException("coordinator moved");

      PartitionBatch.Result result = batch(500).run(writer, PARTITION, commands(2));

      assertThat(result).isEqualTo(PartitionBatch.Result.ABORTED);
      assertThat(producer.transactionAborted()).isTrue();
      assertThat(producer.commitCount()).isZero();
    }

    @Test
    void aFailedAbortReopensTheWriter() {
      producer.commitTransactionException = new KafkaException("coordinator moved");
      producer.abortTransactionException = new KafkaException("still unreachable");

      PartitionBatch.Result result = batch(500).run(writer, PARTITION, commands(2));

      assertThat(result).isEqualTo(PartitionBatch.Result.REOPEN);
    }
  }

  static PartitionBatch batch(int maxBatch) {
    return batch(maxBatch, Resident.none());
  }

  static PartitionBatch batch(int maxBatch, Resident resident) {
    return batch(maxBatch, resident, CommandMetrics.none());
  }

  static PartitionBatch batch(int maxBatch, Resident resident, CommandMetrics metrics) {
    var mapper = EnvelopeCodec.defaultMapper();
    var codec = new CommandCodec(mapper);
    var replica =
        new ReplicaStore(null, EventSerialization.envelopes(EventSerialization.serializer()));
    var handling =
        new CommandHandling(
            SimpleCommandBus.builder().build(), replica, codec, mapper, Clock.systemUTC());
    return new PartitionBatch(
        handling,
        codec,
        new ReplicaFeed(replica, null, SnapshotTrigger.none()),
        maxBatch,
        new MockProducer<>(true, null, new StringSerializer(), new ByteArraySerializer()),
        resident,
        metrics);
  }

  private static List<ConsumerRecord<String, byte[]>> commands(int count) {
    return IntStream.range(0, count)
        .mapToObj(
            offset ->
                new ConsumerRecord<>(
                    PARTITION.topic(),
                    PARTITION.partition(),
                    offset,
                    "guild",
                    "not json".getBytes(StandardCharsets.UTF_8)))
        .toList();
  }
}
