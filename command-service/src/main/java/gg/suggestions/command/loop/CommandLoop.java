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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
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
        ConsumerRecords<String, byte[]> polled = consumer.poll(Duration.ofMillis(200));
        for (TopicPartition partition : polled.partitions()) {
          handleBatch(partition, polled.records(partition));
        }
      }
    } catch (WakeupException stopping) {
      // stop() woke the consumer up.
    } finally {
      releaseAll();
      consumer.close();
    }
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
    OffsetAndMetadata committed = consumer.committed(java.util.Set.of(partition)).get(partition);
    consumer.seek(partition, committed == null ? 0 : committed.offset());
    dirty.put(partition.partition(), true);
  }

  private void own(int partition) {
    writers.put(partition, PartitionWriter.open(partition, producerConfig));
    dirty.put(partition, true);
    log.info("Owning command partition {}", partition);
  }

  private void release(int partition) {
    PartitionWriter writer = writers.remove(partition);
    if (writer != null) {
      writer.close();
      log.info("Released command partition {}", partition);
    }
  }

  private void releaseAll() {
    List.copyOf(writers.keySet()).forEach(this::release);
  }

  /** Opens a fencing writer for every partition the group assigns, and closes it on revoke. */
  private final class Ownership implements ConsumerRebalanceListener {

    @Override
    public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
      partitions.forEach(tp -> own(tp.partition()));
    }

    @Override
    public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
      partitions.forEach(tp -> release(tp.partition()));
    }

    @Override
    public void onPartitionsLost(Collection<TopicPartition> partitions) {
      onPartitionsRevoked(partitions);
    }
  }
}
