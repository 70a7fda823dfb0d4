package gg.suggestions.command.loop;

import gg.suggestions.eventstore.engine.AppendBatch;
import gg.suggestions.eventstore.envelope.CommandCodec;
import gg.suggestions.eventstore.envelope.InteractionEnvelope;
import gg.suggestions.eventstore.envelope.ReplyEnvelope;
import gg.suggestions.eventstore.replica.ReplicaCatchUp;
import gg.suggestions.eventstore.replica.ReplicaStore;
import gg.suggestions.eventstore.topic.SuggestionTopics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Future;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The command loop of one node: consume commands, and for every owned partition commit each polled
 * batch's events, replies and consumed offsets in one Kafka transaction, then write the replica.
 *
 * <p>Ownership follows the consumer group. When a partition is assigned, its writer is opened
 * (fencing the previous owner) and its replica caught up before any of its commands is handled. A
 * fenced writer releases its partition; any other failure aborts the batch, rewinds to the last
 * committed command and marks the partition dirty, so its replica catches up first.
 *
 * <p>Runs on one thread, which owns the consumer and every writer; {@link #stop} may be called from
 * any thread.
 */
public final class CommandLoop implements Runnable {

  private static final Logger log = LoggerFactory.getLogger(CommandLoop.class);

  private final Consumer<String, byte[]> consumer;
  private final Map<String, Object> producerConfig;
  private final CommandHandling handling;
  private final CommandCodec codec;
  private final ReplicaStore replica;
  private final ReplicaCatchUp catchUp;
  private final Map<Integer, PartitionWriter> writers = new HashMap<>();
  private final Map<Integer, Boolean> dirty = new HashMap<>();
  private volatile boolean running = true;
  private volatile Status status = new Status(Status.State.STARTING, Set.of(), Set.of());

  CommandLoop(
      Consumer<String, byte[]> consumer,
      Map<String, Object> producerConfig,
      CommandHandling handling,
      CommandCodec codec,
      ReplicaStore replica,
      ReplicaCatchUp catchUp) {
    this.consumer = consumer;
    this.producerConfig = producerConfig;
    this.handling = handling;
    this.codec = codec;
    this.replica = replica;
    this.catchUp = catchUp;
  }

  @Override
  public void run() {
    try {
      consumer.subscribe(List.of(SuggestionTopics.COMMANDS), new Ownership());
      while (running) {
        catchUpDirtyPartitions();
        ConsumerRecords<String, byte[]> polled = consumer.poll(Duration.ofMillis(200));
        for (TopicPartition partition : polled.partitions()) {
          handleBatch(partition, polled.records(partition));
        }
      }
      publishStatus(Status.State.STOPPED);
    } catch (WakeupException stopping) {
      publishStatus(Status.State.STOPPED);
    } catch (RuntimeException e) {
      // Leaving the group hands every partition to the other nodes; health reports the failure.
      log.error("Command loop failed; releasing every partition", e);
      publishStatus(Status.State.FAILED);
    } finally {
      releaseAll();
      consumer.close();
    }
  }

  /**
   * What the loop is doing, for health checks; safe from any thread.
   *
   * @param state whether it runs, and whether it has joined the group yet
   * @param owned the partitions it writes
   * @param catchingUp owned partitions whose replica is not yet known to be at the log end
   */
  public record Status(State state, Set<Integer> owned, Set<Integer> catchingUp) {

    public enum State {
      STARTING,
      RUNNING,
      STOPPED,
      FAILED
    }

    /** Running, in the group, and every owned partition caught up: commands are served now. */
    public boolean isServing() {
      return state == State.RUNNING && catchingUp.isEmpty();
    }
  }

  public Status status() {
    return status;
  }

  /** Stops after the batch in progress; safe from any thread. */
  public void stop() {
    running = false;
    consumer.wakeup();
  }

  private void handleBatch(TopicPartition partition, List<ConsumerRecord<String, byte[]>> records) {
    PartitionWriter writer = writers.get(partition.partition());
    if (writer == null) {
      return; // Released after a fencing: the group will hand the partition to its new owner.
    }
    try {
      catchUpIfDirty(partition.partition());
      Committed committed = commitBatch(writer, partition, records);
      applyToReplica(partition.partition(), committed);
    } catch (PartitionFencedException fenced) {
      log.warn("{}", fenced.getMessage());
      release(partition.partition());
    } catch (TimeoutException ambiguous) {
      // The commit may or may not have happened. A new writer's initTransactions() finishes or
      // aborts it; the replica then catches up from the log and the group offset says where to go.
      log.warn(
          "Batch at partition {} offset {} timed out and may have committed; reopening its writer",
          partition.partition(),
          records.get(0).offset(),
          ambiguous);
      release(partition.partition());
      own(partition.partition());
      rewind(partition);
    } catch (Exception e) {
      log.error(
          "Batch of {} commands at partition {} offset {} failed; rewinding",
          records.size(),
          partition.partition(),
          records.get(0).offset(),
          e);
      abortAndRewind(writer, partition);
    }
  }

  /** What one committed transaction wrote, for the replica. */
  private record Committed(
      AppendBatch events,
      List<InteractionEnvelope> interactions,
      List<Future<RecordMetadata>> interactionSends) {}

  private Committed commitBatch(
      PartitionWriter writer,
      TopicPartition partition,
      List<ConsumerRecord<String, byte[]>> records)
      throws Exception {
    writer.begin();
    AppendBatch batch = new AppendBatch(partition.partition(), writer::send);
    Map<String, ReplyEnvelope> answered = new HashMap<>();
    List<InteractionEnvelope> interactions = new ArrayList<>();
    List<Future<RecordMetadata>> interactionSends = new ArrayList<>();
    for (ConsumerRecord<String, byte[]> record : records) {
      var answer = handling.handle(record, batch, answered);
      if (answer.isEmpty()) {
        continue;
      }
      writer.send(
          new ProducerRecord<>(
              SuggestionTopics.REPLIES,
              answer.get().replyTo(),
              codec.encode(answer.get().reply())));
      InteractionEnvelope interaction = answer.get().interaction();
      if (interaction != null) {
        answered.put(interaction.commandId(), interaction.reply());
        interactions.add(interaction);
        interactionSends.add(
            writer.send(
                new ProducerRecord<>(
                    SuggestionTopics.INTERACTIONS,
                    partition.partition(),
                    record.key(),
                    codec.encode(interaction))));
      }
    }
    long next = records.get(records.size() - 1).offset() + 1;
    writer.sendOffsets(Map.of(partition, new OffsetAndMetadata(next)), consumer.groupMetadata());
    writer.commit();
    return new Committed(batch, interactions, interactionSends);
  }

  /** After the Kafka commit; if this fails the log is still right and the replica catches up. */
  private void applyToReplica(int partition, Committed committed) {
    try {
      if (!committed.events().pending().isEmpty()) {
        replica.apply(
            partition, committed.events().pending(), nextOffset(committed.events().sends()));
      }
      if (!committed.interactions().isEmpty()) {
        replica.recordHandled(
            partition, committed.interactions(), nextOffset(committed.interactionSends()));
      }
    } catch (Exception e) {
      log.error(
          "Replica write of partition {} failed; it will catch up from the log", partition, e);
      dirty.put(partition, true);
    }
  }

  private static long nextOffset(List<Future<RecordMetadata>> sends) throws Exception {
    long next = -1;
    for (Future<RecordMetadata> send : sends) {
      next = Math.max(next, send.get().offset() + 1);
    }
    return next;
  }

  private void catchUpIfDirty(int partition) throws Exception {
    if (dirty.getOrDefault(partition, false)) {
      catchUp.catchUp(partition);
      dirty.put(partition, false);
      publishStatus(Status.State.RUNNING);
    }
  }

  /** Owned partitions catch up before their first command, even if none arrives for a while. */
  private void catchUpDirtyPartitions() {
    for (int partition : List.copyOf(writers.keySet())) {
      try {
        catchUpIfDirty(partition);
      } catch (Exception e) {
        log.error("Catch-up of partition {} failed; retrying", partition, e);
      }
    }
  }

  private void abortAndRewind(PartitionWriter writer, TopicPartition partition) {
    try {
      writer.abort();
    } catch (RuntimeException e) {
      log.warn("Abort of partition {} failed; reopening its writer", partition.partition(), e);
      release(partition.partition());
      own(partition.partition());
    }
    rewind(partition);
  }

  /** Back to the first command not committed, with the replica to catch up before it. */
  private void rewind(TopicPartition partition) {
    OffsetAndMetadata committed = consumer.committed(Set.of(partition)).get(partition);
    consumer.seek(partition, committed == null ? 0 : committed.offset());
    dirty.put(partition.partition(), true);
    publishStatus(Status.State.RUNNING);
  }

  private void own(int partition) {
    writers.put(partition, PartitionWriter.open(partition, producerConfig));
    dirty.put(partition, true);
    log.info("Owning command partition {}", partition);
  }

  private void release(int partition) {
    PartitionWriter writer = writers.remove(partition);
    dirty.remove(partition);
    if (writer != null) {
      writer.close();
      log.info("Released command partition {}", partition);
    }
  }

  private void publishStatus(Status.State state) {
    Set<Integer> catchingUp = new TreeSet<>();
    dirty.forEach(
        (partition, isDirty) -> {
          if (isDirty) {
            catchingUp.add(partition);
          }
        });
    status =
        new Status(
            state,
            Collections.unmodifiableSet(new TreeSet<>(writers.keySet())),
            Collections.unmodifiableSet(catchingUp));
  }

  private void releaseAll() {
    List.copyOf(writers.keySet()).forEach(this::release);
  }

  /** Opens a fencing writer for every partition the group assigns, and closes it on revoke. */
  private final class Ownership implements ConsumerRebalanceListener {

    @Override
    public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
      partitions.forEach(tp -> own(tp.partition()));
      publishStatus(Status.State.RUNNING);
    }

    @Override
    public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
      partitions.forEach(tp -> release(tp.partition()));
      publishStatus(status.state());
    }

    @Override
    public void onPartitionsLost(Collection<TopicPartition> partitions) {
      onPartitionsRevoked(partitions);
    }
  }
}
