package gg.suggestions.command.loop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import gg.suggestions.eventstore.envelope.EnvelopeCodec;
import gg.suggestions.eventstore.replica.ReplicaCatchUp;
import gg.suggestions.eventstore.topic.SuggestionTopics;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.consumer.internals.AutoOffsetResetStrategy;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/**
 * The loop's own failure handling, over Kafka's MockConsumer; no writer ever opens (there is no
 * cluster), so no command is ever handled.
 */
class CommandLoopTest {

  @Test
  void aWriterThatCanNotBeOpenedPausesOnlyItsPartitionAndKeepsTheLoopInTheGroup() throws Exception {
    var consumer = new CountingConsumer();
    var partition = new TopicPartition(SuggestionTopics.COMMANDS, 3);
    consumer.updateBeginningOffsets(Map.of(partition, 0L));
    consumer.schedulePollTask(() -> consumer.rebalance(List.of(partition)));
    // No bootstrap servers: every attempt to open the partition's writer fails.
    var loop = loopOver(consumer);
    Thread thread = start(loop);
    try {
      await().atMost(Duration.ofSeconds(10)).until(() -> loop.status().stuckOn().containsKey(3));

      assertThat(loop.status().state()).isEqualTo(CommandLoop.Status.State.RUNNING);
      assertThat(loop.status().owned()).containsExactly(3);
      assertThat(loop.status().catchingUp()).containsExactly(3);
      assertThat(loop.status().isServing()).isFalse();
      assertThat(loop.status().stuckOn().get(3)).contains("opening");
      assertThat(consumer.paused()).containsExactly(partition);
      // Tried again after its pause (paused once per failed attempt), and still in the group:
      // no other partition would stall.
      await()
          .atMost(CommandLoop.FIRST_PAUSE.plusSeconds(10))
          .until(() -> consumer.pauses.get() >= 2);
      assertThat(consumer.joins.get()).isEqualTo(1);
      assertThat(consumer.paused()).containsExactly(partition);
    } finally {
      loop.stop();
      thread.join(10_000);
    }
  }

  @Test
  void aWriterStuckOpeningHoldsUpNoOtherPartitionAndTheLoopStillStops() throws Exception {
    var consumer = new CountingConsumer();
    var stuck = new TopicPartition(SuggestionTopics.COMMANDS, 3);
    var other = new TopicPartition(SuggestionTopics.COMMANDS, 5);
    consumer.updateBeginningOffsets(Map.of(stuck, 0L, other, 0L));
    consumer.schedulePollTask(() -> consumer.rebalance(List.of(stuck, other)));
    var stuckAttempts = new AtomicInteger();
    var otherAttempts = new AtomicInteger();
    var never = new CountDownLatch(1);
    // Partition 3's transaction coordinator never answers; partition 5's cluster is unreachable.
    CommandLoop.WriterOpener opener =
        partition -> {
          if (partition == 3) {
            stuckAttempts.incrementAndGet();
            try {
              never.await();
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
            throw new KafkaException("interrupted while opening");
          }
          otherAttempts.incrementAndGet();
          throw new KafkaException("no cluster");
        };
    var loop = loopOver(consumer, opener);
    Thread thread = start(loop);
    try {
      // Partition 5 is tried again and again while partition 3's first open still hangs.
      await().atMost(CommandLoop.FIRST_PAUSE.plusSeconds(10)).until(() -> otherAttempts.get() >= 2);

      assertThat(stuckAttempts.get()).isEqualTo(1);
      assertThat(loop.status().state()).isEqualTo(CommandLoop.Status.State.RUNNING);
      assertThat(loop.status().owned()).containsExactly(3, 5);
      assertThat(loop.status().catchingUp()).containsExactly(3, 5);
      assertThat(loop.status().stuckOn().get(5)).contains("opening").contains("no cluster");
      assertThat(consumer.paused()).containsExactlyInAnyOrder(stuck, other);
      assertThat(consumer.joins.get()).isEqualTo(1);
    } finally {
      loop.stop();
      thread.join(20_000);
    }
    assertThat(thread.isAlive()).as("stopped with a writer still opening").isFalse();
    assertThat(loop.status().state()).isEqualTo(CommandLoop.Status.State.STOPPED);
  }

  @Test
  void aPartitionRevokedWhileItsWriterOpensHasItsOpenInterrupted() throws Exception {
    var consumer = new CountingConsumer();
    var partition = new TopicPartition(SuggestionTopics.COMMANDS, 3);
    consumer.updateBeginningOffsets(Map.of(partition, 0L));
    consumer.schedulePollTask(() -> consumer.rebalance(List.of(partition)));
    var interrupted = new CountDownLatch(1);
    CommandLoop.WriterOpener opener =
        p -> {
          try {
            new CountDownLatch(1).await(); // Its transaction coordinator never answers.
          } catch (InterruptedException e) {
            interrupted.countDown();
          }
          throw new KafkaException("interrupted while opening");
        };
    var loop = loopOver(consumer, opener);
    Thread thread = start(loop);
    try {
      await().atMost(Duration.ofSeconds(10)).until(() -> loop.status().owned().contains(3));
      assertThat(interrupted.getCount()).isEqualTo(1);

      consumer.schedulePollTask(() -> consumer.rebalance(List.of()));

      // Not left to wait out its bound on a worker, or to fence the partition's next owner late.
      assertThat(interrupted.await(10, TimeUnit.SECONDS)).as("the open interrupted").isTrue();
      await().atMost(Duration.ofSeconds(10)).until(() -> loop.status().owned().isEmpty());
      assertThat(loop.status().catchingUp()).isEmpty();
      assertThat(loop.status().stuckOn()).isEmpty();
    } finally {
      loop.stop();
      thread.join(20_000);
    }
    assertThat(thread.isAlive()).isFalse();
  }

  @Test
  void aFailedLoopLeavesTheGroupAndJoinsAgainInsteadOfDying() throws Exception {
    var consumer = new CountingConsumer();
    consumer.setPollException(new KafkaException("the group coordinator is unreachable"));
    var loop = loopOver(consumer);
    Thread thread = start(loop);
    try {
      // The first poll fails: out of the group, then back in after the first pause.
      await().atMost(CommandLoop.FIRST_PAUSE.plusSeconds(5)).until(() -> consumer.joins.get() == 2);

      assertThat(consumer.subscription()).containsExactly(SuggestionTopics.COMMANDS);

      assertThat(thread.isAlive()).as("the loop still runs").isTrue();
      assertThat(loop.status().state()).isEqualTo(CommandLoop.Status.State.STARTING);
      assertThat(consumer.closed()).isFalse();
    } finally {
      loop.stop();
      thread.join(10_000);
    }
    assertThat(thread.isAlive()).isFalse();
    assertThat(loop.status().state()).isEqualTo(CommandLoop.Status.State.STOPPED);
    assertThat(consumer.closed()).isTrue();
  }

  /** A loop over {@code consumer} with no cluster behind it: no writer ever opens. */
  private static CommandLoop loopOver(MockConsumer<String, byte[]> consumer) {
    return loopOver(consumer, partition -> PartitionWriter.open(partition, Map.of()));
  }

  private static CommandLoop loopOver(
      MockConsumer<String, byte[]> consumer, CommandLoop.WriterOpener opener) {
    return new CommandLoop(
        consumer,
        opener,
        PartitionBatchTest.batch(1),
        new ReplicaCatchUp(Map.of(), null, new EnvelopeCodec()),
        CommandMetrics.none());
  }

  private static Thread start(CommandLoop loop) {
    Thread thread = new Thread(loop, "command-loop-under-test");
    thread.start();
    return thread;
  }

  /** Kafka's MockConsumer, counting how often the loop joins the group and pauses partitions. */
  private static final class CountingConsumer extends MockConsumer<String, byte[]> {

    final AtomicInteger joins = new AtomicInteger();
    final AtomicInteger pauses = new AtomicInteger();

    CountingConsumer() {
      super(AutoOffsetResetStrategy.EARLIEST.name());
    }

    @Override
    public synchronized void subscribe(
        Collection<String> topics, ConsumerRebalanceListener listener) {
      joins.incrementAndGet();
      super.subscribe(topics, listener);
    }

    @Override
    public synchronized void pause(Collection<TopicPartition> partitions) {
      pauses.incrementAndGet();
      super.pause(partitions);
    }
  }
}
