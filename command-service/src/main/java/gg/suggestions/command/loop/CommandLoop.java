package gg.suggestions.command.loop;

import gg.suggestions.eventstore.replica.ReplicaCatchUp;
import gg.suggestions.eventstore.retry.RetryLog;
import gg.suggestions.eventstore.topic.SuggestionTopics;
import java.time.Duration;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
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
 * fenced writer releases its partition, and opens again if the group still assigns it here; any
 * other failure aborts the batch, rewinds to the last committed command and marks the partition
 * dirty, so its replica catches up first.
 *
 * <p>The loop's thread owns the consumer. The batches of one poll run in parallel, one worker per
 * partition, each on its own writer, so one partition's commit latency does not hold up the others;
 * the loop waits for all of them before it polls again. Commands of one partition stay in order.
 * {@link #stop} may be called from any thread.
 *
 * <p>A failure the loop can not settle per partition (a writer that can not be opened while the
 * cluster is unreachable, a rebalance that fails) releases every partition and leaves the group, so
 * the other nodes serve them, then joins again after a pause: the process never stays up with a
 * dead loop. Health reports {@code FAILED} meanwhile.
 */
public final class CommandLoop implements Runnable {

  private static final Logger log = LoggerFactory.getLogger(CommandLoop.class);

  /** After a failure the loop joins again, after a pause that doubles up to a minute. */
  static final Duration FIRST_PAUSE = Duration.ofSeconds(1);

  private static final Duration MAX_PAUSE = Duration.ofMinutes(1);

  private final Consumer<String, byte[]> consumer;
  private final Map<String, Object> producerConfig;
  private final PartitionBatch batches;
  private final ReplicaCatchUp catchUp;
  private final ExecutorService workers;
  private final Map<Integer, PartitionWriter> writers = new HashMap<>();
  private final Map<Integer, Boolean> dirty = new HashMap<>();
  // Why each partition's last catch-up failed, and how many times in a row: for the status, and
  // so a catch-up failing for hours writes a few dozen lines, not one stack trace per attempt.
  private final Map<Integer, RetryLog> catchUps = new HashMap<>();
  // Leaving the group hands every partition to the other nodes; each attempt to join again counts.
  private final RetryLog restarts = new RetryLog(log, "Command loop (releasing every partition)");
  private volatile boolean running = true;
  private volatile Status status = new Status(Status.State.STARTING, Set.of(), Set.of(), Map.of());

  CommandLoop(
      Consumer<String, byte[]> consumer,
      Map<String, Object> producerConfig,
      PartitionBatch batches,
      ReplicaCatchUp catchUp) {
    this.consumer = consumer;
    this.producerConfig = producerConfig;
    this.batches = batches;
    this.catchUp = catchUp;
    AtomicInteger threads = new AtomicInteger();
    this.workers =
        Executors.newFixedThreadPool(
            SuggestionTopics.PARTITIONS,
            task -> new Thread(task, "command-batch-" + threads.incrementAndGet()));
  }

  @Override
  public void run() {
    Duration pause = FIRST_PAUSE;
    try {
      while (running) {
        try {
          consumer.subscribe(List.of(SuggestionTopics.COMMANDS), new Ownership());
          while (running) {
            catchUpDirtyPartitions();
            ConsumerRecords<String, byte[]> polled = consumer.poll(Duration.ofMillis(200));
            // The poll may have assigned partitions: they catch up before any command runs.
            catchUpDirtyPartitions();
            handle(polled);
            pause = FIRST_PAUSE;
            restarts.passed();
          }
        } catch (WakeupException stopping) {
          throw stopping;
        } catch (RuntimeException e) {
          // Leaving the group hands every partition to the other nodes until this one is back.
          restarts.failed("its poll, handle or settle", e);
          publishStatus(Status.State.FAILED);
          leaveGroup();
          sleepWhileRunning(pause);
          publishStatus(Status.State.STARTING);
          Duration doubled = pause.multipliedBy(2);
          pause = doubled.compareTo(MAX_PAUSE) < 0 ? doubled : MAX_PAUSE;
        }
      }
      publishStatus(Status.State.STOPPED);
    } catch (WakeupException stopping) {
      publishStatus(Status.State.STOPPED);
    } finally {
      workers.shutdownNow();
      releaseAll();
      consumer.close();
    }
  }

  private void leaveGroup() {
    releaseAll();
    try {
      consumer.unsubscribe();
    } catch (RuntimeException e) {
      log.warn("Leaving the command group failed; the group coordinator will expire this node", e);
    }
  }

  private void sleepWhileRunning(Duration pause) {
    long until = System.nanoTime() + pause.toNanos();
    while (running && System.nanoTime() < until) {
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new WakeupException();
      }
    }
  }

  /**
   * What the loop is doing, for health checks; safe from any thread.
   *
   * @param state whether it runs, and whether it has joined the group yet
   * @param owned the partitions it writes
   * @param catchingUp owned partitions whose replica is not yet known to be at the log end
   */
  /**
   * @param stuckOn why the last catch-up of a partition failed, for partitions whose catch-up keeps
   *     failing (names the partition, offsets and reason)
   */
  public record Status(
      State state, Set<Integer> owned, Set<Integer> catchingUp, Map<Integer, String> stuckOn) {

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

  /** Stops after the batches in progress; safe from any thread. */
  public void stop() {
    running = false;
    consumer.wakeup();
  }

  /** Runs the polled partitions' batches in parallel, then settles each partition in turn. */
  private void handle(ConsumerRecords<String, byte[]> polled) {
    if (polled.isEmpty()) {
      return;
    }
    ConsumerGroupMetadata group = consumer.groupMetadata();
    Map<TopicPartition, Future<PartitionBatch.Result>> started = new LinkedHashMap<>();
    for (TopicPartition partition : polled.partitions()) {
      PartitionWriter writer = writers.get(partition.partition());
      if (writer == null) {
        continue; // Released: revoked since this poll fetched, or its writer failed to reopen.
      }
      if (isDirty(partition.partition())) {
        rewind(partition); // Its catch-up failed: its commands are polled again after a retry.
        continue;
      }
      var records = polled.records(partition);
      started.put(partition, workers.submit(() -> batches.run(writer, partition, records, group)));
    }
    Map<TopicPartition, PartitionBatch.Result> results = new LinkedHashMap<>();
    started.forEach((partition, result) -> results.put(partition, await(partition, result)));
    results.forEach(this::settle);
  }

  private PartitionBatch.Result await(
      TopicPartition partition, Future<PartitionBatch.Result> result) {
    try {
      return result.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new WakeupException();
    } catch (ExecutionException e) {
      log.error("Batch of partition {} failed unexpectedly", partition.partition(), e.getCause());
      return PartitionBatch.Result.REOPEN;
    }
  }

  private void settle(TopicPartition partition, PartitionBatch.Result result) {
    switch (result) {
      case COMMITTED -> {}
      case COMMITTED_REPLICA_BEHIND -> markDirty(partition.partition());
      case ABORTED -> rewind(partition);
      case REOPEN -> reopen(partition);
      case FENCED -> {
        if (consumer.assignment().contains(partition)) {
          // Still this node's by the group: fenced by no other owner (a transaction the
          // coordinator timed out bumps the epoch too), or by a zombie that will learn at its next
          // poll. Take it back; polling it without a writer would skip its commands.
          log.warn(
              "Partition {} was fenced but is still this node's; reopening its writer",
              partition.partition());
          reopen(partition);
        } else {
          release(partition.partition());
        }
      }
    }
  }

  /** A new writer (fencing the old one) and back to the last committed command. */
  private void reopen(TopicPartition partition) {
    release(partition.partition());
    own(partition.partition());
    rewind(partition);
  }

  /**
   * Owned partitions catch up before their first command, even if none arrives for a while. They
   * catch up in parallel: after a takeover every gained partition needs it, and failover time is
   * the slowest partition's, not the sum.
   */
  private void catchUpDirtyPartitions() {
    List<Integer> behind = dirty.keySet().stream().filter(this::isDirty).toList();
    if (behind.isEmpty()) {
      return;
    }
    Map<Integer, Future<ReplicaCatchUp.Reached>> started = new LinkedHashMap<>();
    behind.forEach(
        p -> {
          // Read at least as far as the leaders acknowledged when this node fenced the partition.
          var atLeast = writers.get(p).endsWhenOpened();
          started.put(
              p,
              workers.submit(
                  () -> {
                    var reached = catchUp.catchUp(p, atLeast);
                    batches.caughtUp(p, reached.events(), reached.interactions());
                    return reached;
                  }));
        });
    started.forEach(
        (partition, done) -> {
          try {
            done.get();
            dirty.put(partition, false);
            caughtUp(partition);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new WakeupException();
          } catch (ExecutionException e) {
            catchUpFailed(partition, e.getCause());
          }
        });
    publishStatus(Status.State.RUNNING);
  }

  /** The stack trace once, then one line at the 2nd, 4th, 8th... failure in a row. */
  private void catchUpFailed(int partition, Throwable cause) {
    catchUps
        .computeIfAbsent(partition, p -> new RetryLog(log, "Command partition " + p))
        .failed("its catch-up", cause);
  }

  private void caughtUp(int partition) {
    RetryLog retry = catchUps.get(partition);
    if (retry != null) {
      retry.passed();
    }
  }

  private boolean isDirty(int partition) {
    return dirty.getOrDefault(partition, false);
  }

  /** Back to the first command not committed, with the replica to catch up before it. */
  private void rewind(TopicPartition partition) {
    OffsetAndMetadata committed = consumer.committed(Set.of(partition)).get(partition);
    consumer.seek(partition, committed == null ? 0 : committed.offset());
    markDirty(partition.partition());
  }

  private void markDirty(int partition) {
    if (writers.containsKey(partition)) {
      dirty.put(partition, true);
      publishStatus(Status.State.RUNNING);
    }
  }

  private void own(int partition) {
    ownAll(List.of(partition));
  }

  /** Opens the partitions' writers in parallel: each waits for its fencing to complete. */
  private void ownAll(List<Integer> partitions) {
    Map<Integer, Future<PartitionWriter>> opening = new LinkedHashMap<>();
    partitions.forEach(
        p -> opening.put(p, workers.submit(() -> PartitionWriter.open(p, producerConfig))));
    RuntimeException failure = null;
    for (var opened : opening.entrySet()) {
      try {
        writers.put(opened.getKey(), opened.getValue().get());
        dirty.put(opened.getKey(), true);
        log.info("Owning command partition {}", opened.getKey());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new WakeupException();
      } catch (ExecutionException e) {
        failure =
            new IllegalStateException(
                "Cannot open the writer of partition " + opened.getKey(), e.getCause());
      }
    }
    if (failure != null) {
      throw failure;
    }
  }

  private void release(int partition) {
    PartitionWriter writer = writers.remove(partition);
    dirty.remove(partition);
    catchUps.remove(partition);
    batches.forget(partition);
    if (writer != null) {
      writer.close();
      log.info("Released command partition {}", partition);
    }
  }

  private void releaseAll() {
    List.copyOf(writers.keySet()).forEach(this::release);
  }

  private void publishStatus(Status.State state) {
    Set<Integer> catchingUp = new TreeSet<>(dirty.keySet().stream().filter(this::isDirty).toList());
    status =
        new Status(
            state,
            Collections.unmodifiableSet(new TreeSet<>(writers.keySet())),
            Collections.unmodifiableSet(catchingUp),
            stuckOn());
  }

  /** What each owned partition's failing catch-up or batch is stuck on. */
  private Map<Integer, String> stuckOn() {
    Map<Integer, String> stuck = new TreeMap<>();
    for (int partition : writers.keySet()) {
      RetryLog catchUp = catchUps.get(partition);
      Optional<String> on = catchUp == null ? Optional.empty() : catchUp.stuckOn();
      on.or(() -> batches.stuckOn(partition)).ifPresent(why -> stuck.put(partition, why));
    }
    return Collections.unmodifiableMap(stuck);
  }

  /**
   * Opens a fencing writer for every partition the group assigns, and closes it on revoke. With the
   * cooperative assignor only partitions that move are revoked: a survivor keeps serving its own
   * while it takes over a dead node's.
   */
  private final class Ownership implements ConsumerRebalanceListener {

    @Override
    public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
      ownAll(partitions.stream().map(TopicPartition::partition).toList());
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
