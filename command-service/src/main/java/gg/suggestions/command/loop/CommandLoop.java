package gg.suggestions.command.loop;

import gg.suggestions.eventstore.replica.ReplicaCatchUp;
import gg.suggestions.eventstore.retry.RetryLog;
import gg.suggestions.eventstore.topic.SuggestionTopics;
import java.time.Duration;
import java.util.ArrayList;
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
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.CloseOptions.GroupMembershipOperation;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The command loop of one node: consume commands, and for every owned partition commit each batch's
 * events and interactions in one Kafka transaction, then send its replies and write the replica.
 *
 * <p>Ownership follows the consumer group. When a partition is assigned, its writer is opened
 * (fencing the previous owner) and its replica caught up before any of its commands is handled. A
 * fenced writer releases its partition, and opens again if the group still assigns it here; any
 * other failure aborts the batch, rewinds to the last committed command and marks the partition
 * dirty, so its replica catches up first.
 *
 * <p>Nothing one partition waits for blocks the loop's thread: writers open and close, and replicas
 * catch up, on workers while the loop goes on serving the other partitions; a partition waiting for
 * any of them stays paused. A broker cut off for seconds stalls the partitions it leads, not the
 * node.
 *
 * <p>The loop's thread owns the consumer. Each owned partition runs one batch at a time on a worker
 * of its own, on its own writer; no partition waits for another. Commands that arrive while a
 * partition's transaction commits wait in its backlog and go together into its next batch, so a
 * busy partition commits many commands per transaction. Commands of one partition stay in order.
 * The consumed offsets are committed to the group after the transactions, not inside them (see
 * {@link PartitionBatch}). {@link #stop} may be called from any thread.
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

  /** A writer that can not be opened is tried again after a pause that doubles up to this. */
  private static final Duration MAX_WRITER_PAUSE = Duration.ofSeconds(5);

  private static final Duration IDLE_POLL = Duration.ofMillis(200);

  /**
   * The poll's wait while a batch runs: how late, at most, a finished batch's partition resumes.
   */
  private static final Duration BUSY_POLL = Duration.ofMillis(2);

  /** While writers open or partitions catch up on workers: they are taken up within this. */
  private static final Duration WAITING_POLL = Duration.ofMillis(20);

  /** A partition with this many commands waiting is not fetched until its next batch starts. */
  private static final int BACKLOG_LIMIT = 2_000;

  private static final Duration TIMINGS_EVERY = Duration.ofSeconds(30);

  private static final Duration STATUS_EVERY = Duration.ofSeconds(1);

  private long statusRefreshedAt = System.nanoTime();
  private long timingsReportedAt = System.nanoTime();
  private long timingsReportedCount;

  /** How long a handover waits for the group to take this node's offsets. */
  private static final Duration COMMIT_WAIT = Duration.ofSeconds(5);

  /** A partition whose catch-up failed tries again after this. */
  private static final Duration CATCH_UP_RETRY = Duration.ofMillis(200);

  private final Consumer<String, byte[]> consumer;
  private final CommandMetrics metrics;
  private final WriterOpener opener;
  private final PartitionBatch batches;
  private final ReplicaCatchUp catchUp;
  private final ExecutorService workers;
  private final Map<Integer, PartitionWriter> writers = new HashMap<>();
  private final Map<Integer, Boolean> dirty = new HashMap<>();
  // The batch each partition is running, at most one: a partition's commands stay in order.
  private final Map<Integer, Running> running = new HashMap<>();
  // Where each owned partition's committed commands end, as this node committed them.
  private final Map<Integer, Long> positions = new HashMap<>();
  // Commands polled for each partition while its batch ran; the next batch takes them all.
  private final Map<TopicPartition, Backlog> backlogs = new LinkedHashMap<>();
  // Positions not yet committed to the group.
  private final Map<TopicPartition, OffsetAndMetadata> uncommitted = new HashMap<>();
  // Why each partition's last catch-up failed, and how many times in a row: for the status, and
  // so a catch-up failing for hours writes a few dozen lines, not one stack trace per attempt.
  private final Map<Integer, RetryLog> catchUps = new HashMap<>();
  // Assigned partitions whose writer could not be opened yet: paused, tried again after a pause.
  private final Map<Integer, Waiting> awaitingWriter = new HashMap<>();

  /** Writers being opened, off this thread; their partitions stay paused meanwhile. */
  private final Map<Integer, Pending<PartitionWriter>> opening = new HashMap<>();

  /**
   * Opens abandoned since their partition was released: interrupted, and a writer they open anyway
   * is closed. A new writer of the partition opens only after, so a late open never fences a newer
   * writer of this node (a newer owner elsewhere may still be fenced once, by an initialisation
   * already sent, and opens again).
   */
  private final Map<Integer, Future<?>> abandoned = new HashMap<>();

  /** Catch-ups in flight, each with the writer it was started for. */
  private final Map<Integer, CatchingUp> catchingUp = new HashMap<>();

  /** When a partition whose catch-up failed may try again. */
  private final Map<Integer, Long> catchUpDue = new HashMap<>();

  /** Closes writers off this thread: a producer cut off from its brokers takes seconds to close. */
  private final ExecutorService closers;

  // Leaving the group hands every partition to the other nodes; each attempt to join again counts.
  private final RetryLog restarts = new RetryLog(log, "Command loop (releasing every partition)");
  private volatile boolean active = true;
  private volatile Status status = new Status(Status.State.STARTING, Set.of(), Set.of(), Map.of());

  CommandLoop(
      Consumer<String, byte[]> consumer,
      Map<String, Object> producerConfig,
      PartitionBatch batches,
      ReplicaCatchUp catchUp,
      CommandMetrics metrics) {
    this(
        consumer,
        partition -> PartitionWriter.open(partition, producerConfig),
        batches,
        catchUp,
        metrics);
  }

  /** Opens a partition's writer, fencing its previous one; blocks until it is fenced. */
  @FunctionalInterface
  interface WriterOpener {
    PartitionWriter open(int partition);
  }

  CommandLoop(
      Consumer<String, byte[]> consumer,
      WriterOpener opener,
      PartitionBatch batches,
      ReplicaCatchUp catchUp,
      CommandMetrics metrics) {
    this.consumer = consumer;
    this.metrics = metrics;
    metrics.partitions(this::status);
    this.opener = opener;
    this.batches = batches;
    this.catchUp = catchUp;
    AtomicInteger threads = new AtomicInteger();
    // Not a fixed pool: a partition's open can wait for an abandoned one of its own, and opens
    // stuck on a cut-off broker must never queue the batches of partitions that serve.
    this.workers =
        Executors.newCachedThreadPool(
            task -> new Thread(task, "command-batch-" + threads.incrementAndGet()));
    this.closers =
        Executors.newCachedThreadPool(
            task -> {
              Thread thread = new Thread(task, "command-writer-close-" + threads.incrementAndGet());
              thread.setDaemon(true);
              return thread;
            });
  }

  @Override
  public void run() {
    Duration pause = FIRST_PAUSE;
    // Every partition this node does not own is followed into its replica, from before it joins.
    StandbyReplica standby = new StandbyReplica(catchUp, () -> status.owned());
    Thread standbyThread = new Thread(standby, "replica-standby");
    standbyThread.setDaemon(true);
    standbyThread.start();
    try {
      while (active) {
        try {
          consumer.subscribe(List.of(SuggestionTopics.COMMANDS), new Ownership());
          while (active) {
            // Settled before the poll: a rewound partition's next poll starts where it must.
            settleFinished();
            openAwaitedWriters();
            collectOpenedWriters();
            catchUpDirtyPartitions();
            // Commands that waited for the batch just settled go now, not after an idle poll.
            startIdlePartitions();
            // While batches run, poll briefly: a finished batch is settled soon after; an opened
            // writer or a finished catch-up is taken up soon too.
            ConsumerRecords<String, byte[]> polled = consumer.poll(pollTimeout());
            // The poll may have assigned partitions: they catch up before any command runs.
            catchUpDirtyPartitions();
            queue(polled);
            startIdlePartitions();
            reportTimings();
            refreshStatus();
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
      standby.stop();
      // A planned stop hands over without a stall: the batches in flight end, the group learns
      // where, and the node leaves the group (static member or not) before it closes anything
      // else, so the others open the partitions while this node closes its writers.
      finish(List.copyOf(running.keySet()));
      commitPositions(true);
      try {
        consumer.close(CloseOptions.groupMembershipOperation(GroupMembershipOperation.LEAVE_GROUP));
      } finally {
        ownedOrOpening().forEach(this::release);
        workers.shutdownNow();
        awaitClosed();
        batches.close();
      }
    }
  }

  /** Waits a little for the writers closing in the background: their last replies go out. */
  private void awaitClosed() {
    closers.shutdown();
    try {
      if (!closers.awaitTermination(10, TimeUnit.SECONDS)) {
        log.warn("Some command writers did not close within 10 s; leaving them to the JVM's exit");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private Duration pollTimeout() {
    if (!running.isEmpty()) {
      return BUSY_POLL;
    }
    return opening.isEmpty() && catchingUp.isEmpty() ? IDLE_POLL : WAITING_POLL;
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
    while (active && System.nanoTime() < until) {
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

  /** How long each step of the command path took, over recent batches. */
  public CommandTimings timings() {
    return batches.timings();
  }

  /** Stops after the batches in progress; safe from any thread. */
  public void stop() {
    active = false;
    consumer.wakeup();
  }

  /**
   * Adds the polled commands to their partitions' backlogs. A partition keeps being fetched while
   * its transaction commits, so a command that arrives meanwhile is here when it ends; only a
   * backlog past {@link #BACKLOG_LIMIT} pauses its partition.
   */
  private void queue(ConsumerRecords<String, byte[]> polled) {
    if (polled.isEmpty()) {
      return;
    }
    long polledAt = System.currentTimeMillis();
    long polledNanos = System.nanoTime();
    CommandTimings timings = batches.timings();
    for (TopicPartition partition : polled.partitions()) {
      var records = polled.records(partition);
      records.forEach(
          r -> timings.record(CommandTimings.Step.FETCH, (polledAt - r.timestamp()) * 1_000_000L));
      if (!writers.containsKey(partition.partition())) {
        if (isOpening(partition.partition())) {
          // Paused while its writer opens, so not expected; read again once it is open.
          positions.putIfAbsent(partition.partition(), records.get(0).offset());
        } // Else released: revoked since this poll fetched.
        continue;
      }
      if (isDirty(partition.partition())) {
        // Paused while it catches up, so not expected; polled again once it has.
        rewind(partition, records.get(0).offset());
        continue;
      }
      Backlog backlog = backlogs.computeIfAbsent(partition, p -> new Backlog(polledNanos));
      backlog.records().addAll(records);
      if (backlog.records().size() >= BACKLOG_LIMIT) {
        consumer.pause(List.of(partition));
      }
    }
  }

  /** Commands polled and not yet in a batch, and when the oldest of them was polled. */
  private record Backlog(long since, List<ConsumerRecord<String, byte[]>> records) {
    Backlog(long since) {
      this(since, new ArrayList<>());
    }
  }

  /**
   * Starts a batch for every partition with a backlog and no batch running: all it has waiting, in
   * one batch (a group commit). No partition waits for another.
   */
  private void startIdlePartitions() {
    CommandTimings timings = batches.timings();
    for (var waiting : List.copyOf(backlogs.entrySet())) {
      TopicPartition partition = waiting.getKey();
      PartitionWriter writer = writers.get(partition.partition());
      if (running.containsKey(partition.partition()) || writer == null) {
        continue;
      }
      if (isDirty(partition.partition())) {
        // Caught up first; its commands are polled again.
        rewind(partition, waiting.getValue().records().get(0).offset());
        continue;
      }
      backlogs.remove(partition);
      consumer.resume(List.of(partition));
      var records = waiting.getValue().records();
      long since = waiting.getValue().since();
      long next = records.get(records.size() - 1).offset() + 1;
      running.put(
          partition.partition(),
          new Running(
              partition,
              records.get(0).offset(),
              next,
              workers.submit(
                  () -> {
                    timings.since(CommandTimings.Step.QUEUE, since);
                    return batches.run(writer, partition, records);
                  })));
    }
  }

  /** A partition's batch in progress, the offsets of its first command and after its last. */
  private record Running(
      TopicPartition partition, long first, long next, Future<PartitionBatch.Result> result) {}

  /** Settles every batch that has finished, resumes its partition, and commits their offsets. */
  private void settleFinished() {
    List<Running> finished = running.values().stream().filter(r -> r.result().isDone()).toList();
    finished.forEach(this::settle);
    commitPositions(false);
  }

  /**
   * Waits for the batches of {@code partitions}, which this node is handing over, and keeps where
   * each committed batch ended; the next owner recovers from any other outcome.
   */
  private void finish(Collection<Integer> partitions) {
    for (int partition : partitions) {
      Running batch = running.remove(partition);
      if (batch != null) {
        if (await(batch.partition(), batch.result()) == PartitionBatch.Result.COMMITTED) {
          committedUpTo(batch.partition(), batch.next());
        } // Aborted or in doubt: the next owner's fencing and catch-up settle it.
      }
    }
  }

  private void settle(Running batch) {
    running.remove(batch.partition().partition());
    TopicPartition partition = batch.partition();
    PartitionBatch.Result result = await(partition, batch.result());
    if (result != PartitionBatch.Result.COMMITTED) {
      // Read again from its first command, if still owned: every command before it is committed.
      positions.putIfAbsent(partition.partition(), batch.first());
      dropBacklog(partition);
    }
    switch (result) {
      case COMMITTED -> committedUpTo(partition, batch.next());
      case ABORTED -> rewind(partition, batch.first());
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

  private void committedUpTo(TopicPartition partition, long next) {
    if (writers.containsKey(partition.partition())) {
      positions.put(partition.partition(), next);
      uncommitted.put(partition, new OffsetAndMetadata(next));
    }
  }

  /**
   * Tells the group where each partition's committed commands end, off the path of any command: a
   * lost commit costs a successor re-reading commands that are answered from their handled ids.
   *
   * @param synchronously on a handover, so the next owner starts exactly where this one stopped
   */
  private void commitPositions(boolean synchronously) {
    if (uncommitted.isEmpty()) {
      return;
    }
    Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>(uncommitted);
    uncommitted.clear();
    try {
      if (synchronously) {
        consumer.commitSync(offsets, COMMIT_WAIT);
      } else {
        consumer.commitAsync(
            offsets,
            (done, error) -> {
              if (error != null) {
                log.debug("Committing command offsets {} failed: {}", offsets, error.toString());
              }
            });
      }
    } catch (RuntimeException e) {
      log.info(
          "Committing command offsets {} failed; a later owner re-reads those commands and"
              + " answers them from their handled ids: {}",
          offsets,
          RetryLog.reason(e));
    }
  }

  /**
   * Every {@link #TIMINGS_EVERY}, while commands flow: where their time went, as one log line,
   * until the platform has metrics of its own.
   */
  private void reportTimings() {
    long now = System.nanoTime();
    if (now - timingsReportedAt < TIMINGS_EVERY.toNanos()) {
      return;
    }
    timingsReportedAt = now;
    var steps = batches.timings().summary();
    var batch = steps.get(CommandTimings.Step.BATCH);
    if (batch == null || batch.count() == timingsReportedCount) {
      return;
    }
    timingsReportedCount = batch.count();
    StringBuilder line = new StringBuilder();
    steps.forEach(
        (step, s) ->
            line.append(String.format(" %s p50 %.1f p99 %.1f ms;", step, s.p50Ms(), s.p99Ms())));
    log.info("Command path over the latest {} batches:{}", Math.min(batch.count(), 16_384), line);
  }

  /** Once a second: the replica feed's state changes off this thread. */
  private void refreshStatus() {
    long now = System.nanoTime();
    if (now - statusRefreshedAt >= STATUS_EVERY.toNanos()) {
      statusRefreshedAt = now;
      publishStatus(status.state());
      metrics.lag(lagOfOwned());
    }
  }

  /** The commands behind each owned partition that the consumer knows the end of. */
  private Map<Integer, Long> lagOfOwned() {
    Map<Integer, Long> lag = new TreeMap<>();
    for (TopicPartition partition : consumer.assignment()) {
      consumer.currentLag(partition).ifPresent(n -> lag.put(partition.partition(), n));
    }
    return lag;
  }

  /**
   * A new writer (fencing the old one), opened off this thread while the old one closes, and back
   * to the last committed command once it is open.
   */
  private void reopen(TopicPartition partition) {
    Long position = positions.get(partition.partition()); // Still this node's to resume from.
    release(partition.partition());
    own(partition.partition());
    if (position != null) {
      positions.put(partition.partition(), position);
    }
  }

  /**
   * Owned partitions catch up before their first command, even if none arrives for a while, each on
   * a worker of its own while it stays paused: after a takeover every gained partition needs it,
   * and failover time is the slowest partition's, not the sum; a partition whose leader is cut off
   * holds up no other.
   */
  private void catchUpDirtyPartitions() {
    long now = System.nanoTime();
    boolean changed = false;
    for (var started : List.copyOf(catchingUp.entrySet())) {
      if (!started.getValue().reached().future().isDone()) {
        continue;
      }
      int partition = started.getKey();
      catchingUp.remove(partition);
      if (writers.get(partition) != started.getValue().writer() || !isDirty(partition)) {
        continue; // Released or reopened since: caught up for a writer that is gone.
      }
      changed = true;
      try {
        ReplicaCatchUp.Reached reached = started.getValue().reached().future().get();
        batches.caughtUp(partition, reached.events(), reached.interactions());
        dirty.put(partition, false);
        caughtUp(partition);
        consumer.resume(List.of(commandPartition(partition)));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new WakeupException();
      } catch (ExecutionException e) {
        catchUpFailed(partition, e.getCause());
        catchUpDue.put(partition, now + CATCH_UP_RETRY.toNanos());
      }
    }
    for (int partition : dirty.keySet()) {
      if (!isDirty(partition)
          || catchingUp.containsKey(partition) // One at a time: a stale one runs out first.
          || catchUpDue.getOrDefault(partition, now) > now) {
        continue;
      }
      PartitionWriter writer = writers.get(partition);
      // Read at least as far as the leaders acknowledged when this node fenced the partition.
      var atLeast = writer.endsWhenOpened();
      catchingUp.put(
          partition,
          new CatchingUp(
              writer,
              submit(new Abandonable<>(() -> catchUp.catchUp(partition, atLeast), r -> {}))));
      changed = true;
    }
    if (changed) {
      publishStatus(Status.State.RUNNING);
    }
  }

  /** A partition's catch-up on a worker, and the writer it was started for. */
  private record CatchingUp(PartitionWriter writer, Pending<ReplicaCatchUp.Reached> reached) {}

  /** Work on a worker that the loop may abandon, and its future. */
  private record Pending<T>(Abandonable<T> task, Future<T> future) {}

  private <T> Pending<T> submit(Abandonable<T> task) {
    return new Pending<>(task, workers.submit(task));
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
  private void dropBacklog(TopicPartition partition) {
    backlogs.remove(partition);
    if (consumer.assignment().contains(partition)) {
      consumer.resume(List.of(partition));
    }
  }

  /**
   * Back to the first command not committed, which is {@code unhandled} unless the partition's
   * position is known to be earlier; the replica catches up before it. No offset lookup: it would
   * block the loop on the group coordinator.
   */
  private void rewind(TopicPartition partition, long unhandled) {
    dropBacklog(partition);
    positions.putIfAbsent(partition.partition(), unhandled);
    consumer.seek(partition, positions.get(partition.partition()));
    markDirty(partition.partition());
  }

  /** Paused until its replica has caught up. */
  private void markDirty(int partition) {
    if (writers.containsKey(partition)) {
      dirty.put(partition, true);
      catchUpDue.remove(partition);
      consumer.pause(List.of(commandPartition(partition)));
      publishStatus(Status.State.RUNNING);
    }
  }

  private void own(int partition) {
    ownAll(List.of(partition));
  }

  /**
   * Starts opening the partitions' writers in parallel, off this thread: each waits for its fencing
   * to complete while its partition stays paused and the others serve. A writer that can not be
   * opened (its transaction coordinator moving, a broker cut off) is tried again after a pause.
   */
  private void ownAll(List<Integer> partitions) {
    for (int partition : partitions) {
      consumer.pause(List.of(commandPartition(partition)));
      Future<?> before = abandoned.remove(partition);
      opening.put(
          partition,
          submit(
              new Abandonable<>(
                  () -> {
                    if (before != null) {
                      awaitQuietly(before);
                    }
                    return opener.open(partition);
                  },
                  PartitionWriter::close)));
    }
  }

  /**
   * Takes every writer that has opened: its partition catches up and then goes on from where it
   * stood; a writer that failed to open is tried again after a pause.
   */
  private void collectOpenedWriters() {
    boolean changed = false;
    for (var open : List.copyOf(opening.entrySet())) {
      if (!open.getValue().future().isDone()) {
        continue;
      }
      int partition = open.getKey();
      opening.remove(partition);
      changed = true;
      try {
        writers.put(partition, open.getValue().future().get());
        Waiting waited = awaitingWriter.remove(partition);
        if (waited != null) {
          waited.retries().passed();
        }
        Long position = positions.get(partition);
        if (position != null) { // Else it has never been read since assigned: at its offset.
          consumer.seek(commandPartition(partition), position);
        }
        markDirty(partition);
        log.info("Owning command partition {}", partition);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new WakeupException();
      } catch (ExecutionException e) {
        awaitWriter(partition, e.getCause());
      }
    }
    if (changed) {
      publishStatus(Status.State.RUNNING);
    }
  }

  private boolean isOpening(int partition) {
    return opening.containsKey(partition) || awaitingWriter.containsKey(partition);
  }

  private static void awaitQuietly(Future<?> task) throws InterruptedException {
    try {
      task.get();
    } catch (ExecutionException e) {
      // Its outcome is its own; only its end matters here.
    }
  }

  /** A partition of this node's whose writer could not be opened, and when to try again. */
  private record Waiting(long dueNanos, Duration pause, RetryLog retries) {}

  private void awaitWriter(int partition, Throwable cause) {
    Waiting before = awaitingWriter.get(partition);
    Duration pause =
        before == null
            ? FIRST_PAUSE
            : before.pause().multipliedBy(2).compareTo(MAX_WRITER_PAUSE) > 0
                ? MAX_WRITER_PAUSE
                : before.pause().multipliedBy(2);
    RetryLog retries =
        before == null
            ? new RetryLog(log, "Writer of command partition " + partition)
            : before.retries();
    retries.failed("opening", cause);
    awaitingWriter.put(partition, new Waiting(System.nanoTime() + pause.toNanos(), pause, retries));
    // Nothing of it is handled meanwhile; its commands are read again from where it stood.
    consumer.pause(List.of(commandPartition(partition)));
    publishStatus(status.state());
  }

  /** Tries again to open the writers whose pause is over. */
  private void openAwaitedWriters() {
    long now = System.nanoTime();
    List<Integer> due =
        awaitingWriter.entrySet().stream()
            .filter(e -> e.getValue().dueNanos() <= now && !opening.containsKey(e.getKey()))
            .map(Map.Entry::getKey)
            .toList();
    if (due.isEmpty()) {
      return;
    }
    ownAll(due);
  }

  private static TopicPartition commandPartition(int partition) {
    return new TopicPartition(SuggestionTopics.COMMANDS, partition);
  }

  /**
   * No longer this node's partition: its batch in flight ends first (a writer is closed only
   * between its transactions), then its writer closes off this thread. A writer still opening is
   * closed once open.
   */
  private void release(int partition) {
    finish(List.of(partition));
    awaitingWriter.remove(partition);
    positions.remove(partition);
    backlogs.keySet().removeIf(tp -> tp.partition() == partition);
    PartitionWriter writer = writers.remove(partition);
    dirty.remove(partition);
    catchUps.remove(partition);
    catchUpDue.remove(partition);
    batches.forget(partition);
    Pending<PartitionWriter> open = opening.remove(partition);
    if (open != null) {
      open.task().abandon(); // Its coordinator may be cut off: no use waiting out its bound.
      abandoned.put(partition, open.future());
    }
    CatchingUp catching = catchingUp.get(partition);
    if (catching != null) {
      // Kept until it has ended: the partition's next catch-up starts only after.
      catching.reached().task().abandon();
    }
    if (writer != null) {
      closers.execute(writer::close);
      log.info("Released command partition {}", partition);
    }
  }

  private void releaseAll() {
    finish(List.copyOf(running.keySet()));
    commitPositions(true);
    ownedOrOpening().forEach(this::release);
  }

  /** The partitions with a writer, opening or waiting to open. */
  private Set<Integer> ownedOrOpening() {
    Set<Integer> owned = new TreeSet<>(writers.keySet());
    owned.addAll(opening.keySet());
    owned.addAll(awaitingWriter.keySet());
    return owned;
  }

  private void publishStatus(Status.State state) {
    Set<Integer> catchingUp = new TreeSet<>(dirty.keySet().stream().filter(this::isDirty).toList());
    catchingUp.addAll(opening.keySet());
    catchingUp.addAll(awaitingWriter.keySet());
    Set<Integer> owned = ownedOrOpening();
    status =
        new Status(
            state,
            Collections.unmodifiableSet(owned),
            Collections.unmodifiableSet(catchingUp),
            stuckOn());
  }

  /** What each owned partition's failing catch-up or batch is stuck on. */
  private Map<Integer, String> stuckOn() {
    Map<Integer, String> stuck = new TreeMap<>();
    batches
        .replicaBehind()
        .forEach(
            p ->
                stuck.put(
                    p,
                    "replica behind the log, catching up; commands on aggregates not in memory"
                        + " are refused until it is"));
    awaitingWriter.forEach(
        (partition, waiting) ->
            waiting.retries().stuckOn().ifPresent(why -> stuck.put(partition, why)));
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
      finish(partitions.stream().map(TopicPartition::partition).toList());
      commitPositions(true); // The next owner starts where this node stopped.
      partitions.forEach(tp -> release(tp.partition()));
      publishStatus(status.state());
    }

    @Override
    public void onPartitionsLost(Collection<TopicPartition> partitions) {
      // No longer this node's: its offsets can not be committed, and the next owner may be
      // handling the partitions already.
      finish(partitions.stream().map(TopicPartition::partition).toList());
      partitions.forEach(tp -> uncommitted.remove(tp));
      partitions.forEach(tp -> release(tp.partition()));
      publishStatus(status.state());
    }
  }
}
