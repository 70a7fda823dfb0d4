package gg.suggestions.command.loop;

import static org.assertj.core.api.Assertions.assertThat;

import gg.suggestions.eventstore.envelope.CommandCodec;
import gg.suggestions.eventstore.envelope.EnvelopeCodec;
import gg.suggestions.eventstore.registry.EventSerialization;
import gg.suggestions.eventstore.replica.ReplicaStore;
import gg.suggestions.eventstore.topic.SuggestionTopics;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.TimeoutException;
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
        resident);
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
