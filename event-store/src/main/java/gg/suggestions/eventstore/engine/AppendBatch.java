package gg.suggestions.eventstore.engine;

import gg.suggestions.eventstore.envelope.EventEnvelope;
import gg.suggestions.eventstore.envelope.EventIds;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.Future;
import java.util.function.Function;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;

/**
 * The open Kafka transaction of one partition, as the storage engine sees it: where appended events
 * are sent, and the events appended so far that the replica does not hold yet.
 *
 * <p>The command loop opens one per batch of commands and binds it to its thread while Axon handles
 * the commands ({@link #bound}); the engine finds it there. One thread only.
 */
public final class AppendBatch {

  private static final ThreadLocal<AppendBatch> CURRENT = new ThreadLocal<>();

  private final int partition;
  private final Function<ProducerRecord<String, byte[]>, Future<RecordMetadata>> sender;
  private final List<EventEnvelope> pending = new ArrayList<>();
  private final List<Future<RecordMetadata>> sends = new ArrayList<>();
  private final ReplicaGate replicaGate;
  private boolean replicaPassed;
  private String commandId;
  private int eventIndex;

  /**
   * What must hold before anything in this batch is read from the replica: that it holds every
   * event and handled command committed so far on the partition. Throws {@link
   * ReplicaUnavailableException} when it does not and will not soon.
   */
  @FunctionalInterface
  public interface ReplicaGate {
    void requireCurrent(int partition);
  }

  /**
   * @param partition the partition of the event topic this batch writes
   * @param sender sends a record inside the partition's open transaction
   */
  public AppendBatch(
      int partition, Function<ProducerRecord<String, byte[]>, Future<RecordMetadata>> sender) {
    this(partition, sender, p -> {});
  }

  /**
   * @param replicaGate checked once per batch, before its first read from the replica
   */
  public AppendBatch(
      int partition,
      Function<ProducerRecord<String, byte[]>, Future<RecordMetadata>> sender,
      ReplicaGate replicaGate) {
    this.partition = partition;
    this.sender = sender;
    this.replicaGate = replicaGate;
  }

  /**
   * Before a read from the replica: passes once the gate did in this batch (the batch's own events
   * are not in the replica, and are read from {@link #pending} instead).
   */
  public void beforeReplicaRead() {
    if (!replicaPassed) {
      replicaGate.requireCurrent(partition);
      replicaPassed = true;
    }
  }

  /** The batch bound to the calling thread, if the loop is handling a command on it. */
  static Optional<AppendBatch> current() {
    return Optional.ofNullable(CURRENT.get());
  }

  /** Runs {@code handling} with this batch bound to the calling thread. */
  public <T> T bound(Callable<T> handling) throws Exception {
    AppendBatch previous = CURRENT.get();
    CURRENT.set(this);
    try {
      return handling.call();
    } finally {
      CURRENT.set(previous);
    }
  }

  /** Starts the events of a new command: their ids derive from {@code commandId} and an index. */
  public void startCommand(String commandId) {
    this.commandId = commandId;
    this.eventIndex = 0;
  }

  public int partition() {
    return partition;
  }

  /** Events appended in this batch, in order; the replica applies them after the commit. */
  public List<EventEnvelope> pending() {
    return Collections.unmodifiableList(pending);
  }

  /** The sends of this batch; the commit fails if any of them did. */
  public List<Future<RecordMetadata>> sends() {
    return Collections.unmodifiableList(sends);
  }

  String nextEventId() {
    if (commandId == null) {
      throw new IllegalStateException("Events are appended only while a command is handled");
    }
    return EventIds.of(commandId, eventIndex++);
  }

  void append(EventEnvelope envelope, ProducerRecord<String, byte[]> record) {
    sends.add(sender.apply(record));
    pending.add(envelope);
  }

  Optional<Long> lastSequence(String aggregateId) {
    return pending.stream()
        .filter(e -> e.aggregateId().equals(aggregateId))
        .map(EventEnvelope::sequence)
        .reduce(Math::max);
  }

  List<EventEnvelope> pendingFor(String aggregateId, long firstSequence) {
    return pending.stream()
        .filter(e -> e.aggregateId().equals(aggregateId) && e.sequence() >= firstSequence)
        .toList();
  }
}
