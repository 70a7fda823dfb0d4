package gg.suggestions.command.loop;

import gg.suggestions.eventstore.engine.ReplicaUnavailableException;
import gg.suggestions.eventstore.envelope.EventEnvelope;
import gg.suggestions.eventstore.envelope.InteractionEnvelope;
import gg.suggestions.eventstore.replica.KnownIds;
import gg.suggestions.eventstore.replica.ReplicaCatchUp;
import gg.suggestions.eventstore.replica.ReplicaStore;
import gg.suggestions.eventstore.retry.RetryLog;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes what the command path committed into the replica behind it, so that PostgreSQL is not on
 * the path of any command the node decides from memory. Each owned partition has a lane: a thread
 * that writes its committed batches in commit order, all that waited together in one database
 * transaction per topic.
 *
 * <p>A write that fails (the database down, or a bug) leaves the lane behind: it drops its queue
 * and catches the replica up from the log instead, retrying with a growing pause until the database
 * answers, while commands on resident aggregates go on being decided and committed. A command that
 * needs the replica (an aggregate not in memory, a command id that may have been handled) asks
 * {@link #requireCurrent} first: a lane with writes in flight is waited for briefly, a lane behind
 * refuses at once, and a replica that lost commits it acknowledged (a database restored or failed
 * over to a stale standby) is found out there and caught up.
 */
final class ReplicaFeed {

  private static final Logger log = LoggerFactory.getLogger(ReplicaFeed.class);

  /** How long a command that needs the replica waits for a healthy lane's writes to land. */
  static final Duration CURRENT_WAIT = Duration.ofSeconds(2);

  /** The most batches a lane holds for the database; past it, it catches up from the log. */
  private static final int QUEUE_LIMIT = 50_000;

  private static final Duration FIRST_RETRY = Duration.ofMillis(200);
  private static final Duration MAX_RETRY = Duration.ofSeconds(5);

  /** What one transaction committed on a partition, and the offsets after it in both topics. */
  record Committed(
      List<EventEnvelope> events,
      long eventsNext,
      List<InteractionEnvelope> interactions,
      long interactionsNext) {}

  /** A replica's next offsets in the event and interaction partitions. */
  record Checkpoints(long events, long interactions) {
    Checkpoints max(long events, long interactions) {
      return new Checkpoints(
          Math.max(this.events, events), Math.max(this.interactions, interactions));
    }
  }

  private final ReplicaStore store;
  private final ReplicaCatchUp catchUp;
  private final SnapshotTrigger snapshots;
  private final Map<Integer, Lane> lanes = new ConcurrentHashMap<>();

  ReplicaFeed(ReplicaStore store, ReplicaCatchUp catchUp, SnapshotTrigger snapshots) {
    this.store = store;
    this.catchUp = catchUp;
    this.snapshots = snapshots;
  }

  /**
   * The replica of {@code partition} was caught up from the log to these next offsets by the node
   * that now owns it: its lane starts there. Taken from the catch-up, not read back: the database
   * may already have lost the catch-up's own commits.
   */
  void caughtUp(int partition, long events, long interactions) {
    Lane fresh = new Lane(partition, new Checkpoints(events, interactions));
    Lane old = lanes.put(partition, fresh);
    if (old != null) {
      old.stop();
    }
    fresh.start();
    // The replica may hold ids of this partition that this node never saw (other nodes wrote
    // them, into a database they share): the filters answer "maybe" until loaded again, and keep
    // what this node's commits still owe the replica.
    KnownIds known = store.knownIds();
    known.invalidate();
    lanes.values().forEach(lane -> lane.owed(known));
  }

  /** A transaction of {@code partition} committed: its replica write is queued. */
  void committed(int partition, Committed batch) {
    if (batch.events().isEmpty() && batch.interactions().isEmpty()) {
      return;
    }
    Lane lane = lanes.get(partition);
    if (lane == null) {
      // Released meanwhile: its next owner catches the replica up from the log.
      log.warn("Partition {} committed a batch but has no replica lane", partition);
      return;
    }
    lane.add(batch);
  }

  /**
   * Returns once the replica of {@code partition} holds everything this node committed on it and
   * still stands where this node left it; waits up to {@link #CURRENT_WAIT} for writes in flight.
   *
   * @throws ReplicaUnavailableException when it does not: the command needing it is refused
   */
  void requireCurrent(int partition) {
    Lane lane = lanes.get(partition);
    if (lane == null) {
      throw new ReplicaUnavailableException("Partition " + partition + " has no replica lane");
    }
    lane.requireCurrent();
  }

  /** This node no longer writes {@code partition}: its lane stops, the next owner catches up. */
  void forget(int partition) {
    Lane lane = lanes.remove(partition);
    if (lane != null) {
      lane.stop();
    }
  }

  /** Owned partitions whose replica is behind the log and catching up. */
  Set<Integer> behind() {
    Set<Integer> behind = new TreeSet<>();
    lanes.forEach(
        (partition, lane) -> {
          if (lane.behind) {
            behind.add(partition);
          }
        });
    return behind;
  }

  void close() {
    lanes.values().forEach(Lane::stop);
    lanes.clear();
  }

  private final class Lane implements Runnable {

    private final int partition;
    private final Thread thread;
    private final LinkedBlockingQueue<Committed> queue = new LinkedBlockingQueue<>();
    private final RetryLog retries;
    // Guarded by this: batches queued or being written, and where the replica stands.
    private int inFlight;
    private Checkpoints written;
    // The ends of everything committed so far: a catch-up reads at least this far.
    private Checkpoints committed;
    private volatile boolean behind;
    private volatile boolean running = true;

    Lane(int partition, Checkpoints start) {
      this.partition = partition;
      this.written = start;
      this.committed = start;
      this.retries = new RetryLog(log, "Replica of command partition " + partition);
      this.thread = new Thread(this, "replica-feed-" + partition);
      this.thread.setDaemon(true);
    }

    void start() {
      thread.start();
    }

    void stop() {
      running = false;
      thread.interrupt();
    }

    /** Adds the ids of the batches still waiting for the replica to {@code known}. */
    synchronized void owed(KnownIds known) {
      for (Committed batch : queue) {
        known.addAggregates(batch.events().stream().map(EventEnvelope::aggregateId).toList());
        known.addCommands(
            batch.interactions().stream().map(InteractionEnvelope::commandId).toList());
      }
    }

    void add(Committed batch) {
      synchronized (this) {
        committed = committed.max(batch.eventsNext(), batch.interactionsNext());
        if (inFlight >= QUEUE_LIMIT) {
          // A long outage: what waits is read again from the log, with everything after it. The
          // batches being written stay counted until their write ends.
          inFlight -= queue.size();
          queue.clear();
          fallBehind("its queue of " + QUEUE_LIMIT + " batches is full", null);
          notifyAll();
          return;
        }
        inFlight++;
        queue.add(batch);
      }
    }

    void requireCurrent() {
      if (behind) {
        throw new ReplicaUnavailableException(
            "The replica of partition " + partition + " is behind the log and catching up");
      }
      Checkpoints expected;
      synchronized (this) {
        long until = System.nanoTime() + CURRENT_WAIT.toNanos();
        while (inFlight > 0 && !behind) {
          long left = until - System.nanoTime();
          if (left <= 0) {
            throw new ReplicaUnavailableException(
                "The replica of partition " + partition + " is " + inFlight + " batches behind");
          }
          try {
            TimeUnit.NANOSECONDS.timedWait(this, left);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ReplicaUnavailableException("Interrupted waiting for the replica", e);
          }
        }
        if (behind) {
          throw new ReplicaUnavailableException(
              "The replica of partition " + partition + " is behind the log and catching up");
        }
        expected = written;
      }
      requireWhereLeft(expected);
    }

    /** Throws unless the replica still stands where this node left it (see {@link #regressed}). */
    private void requireWhereLeft(Checkpoints expected) {
      Optional<String> regressed;
      try {
        regressed = regressed(expected);
      } catch (Exception e) {
        fallBehind("reading its checkpoints failed", e);
        throw new ReplicaUnavailableException(
            "The replica of partition " + partition + " can not be read: " + RetryLog.reason(e), e);
      }
      if (regressed.isPresent()) {
        fallBehind(regressed.get(), null);
        throw new ReplicaUnavailableException(
            "The replica of partition " + partition + ": " + regressed.get());
      }
    }

    /**
     * Why the replica no longer stands where this node left it, if it does not. A database can lose
     * commits it acknowledged (a crash with {@code synchronous_commit=off}, a failover to an
     * asynchronous standby); a command decided on such a replica would write a sequence number the
     * log already holds, and a write on top of it would hide the loss for good.
     */
    private Optional<String> regressed(Checkpoints expected) throws SQLException {
      long events = store.checkpoint(partition);
      long interactions = store.interactionCheckpoint(partition);
      if (events < expected.events() || interactions < expected.interactions()) {
        return Optional.of(
            String.format(
                "it went back to offsets %d/%d after this node left it at %d/%d: the database lost"
                    + " acknowledged commits",
                events, interactions, expected.events(), expected.interactions()));
      }
      return Optional.empty();
    }

    private void fallBehind(String why, Exception cause) {
      if (!behind) {
        behind = true;
        log.warn(
            "Replica of command partition {} is behind the log ({}{}); commands on aggregates in"
                + " memory go on, it catches up from the log",
            partition,
            why,
            cause == null ? "" : ": " + RetryLog.reason(cause));
      }
    }

    @Override
    public void run() {
      Duration pause = FIRST_RETRY;
      while (running) {
        try {
          if (behind) {
            if (catchUpFromLog()) {
              pause = FIRST_RETRY;
            } else {
              Thread.sleep(pause.toMillis());
              pause =
                  pause.multipliedBy(2).compareTo(MAX_RETRY) > 0
                      ? MAX_RETRY
                      : pause.multipliedBy(2);
            }
            continue;
          }
          Committed first = queue.poll(500, TimeUnit.MILLISECONDS);
          if (first == null) {
            continue;
          }
          List<Committed> batches = new ArrayList<>();
          batches.add(first);
          queue.drainTo(batches);
          write(batches);
        } catch (InterruptedException e) {
          return; // Stopped.
        }
      }
    }

    /** Writes queued batches in one database transaction per topic; a failure leaves it behind. */
    private void write(List<Committed> batches) {
      List<EventEnvelope> events = new ArrayList<>();
      List<InteractionEnvelope> interactions = new ArrayList<>();
      long eventsNext = -1;
      long interactionsNext = -1;
      for (Committed batch : batches) {
        events.addAll(batch.events());
        interactions.addAll(batch.interactions());
        if (!batch.events().isEmpty()) {
          eventsNext = Math.max(eventsNext, batch.eventsNext());
        }
        if (!batch.interactions().isEmpty()) {
          interactionsNext = Math.max(interactionsNext, batch.interactionsNext());
        }
      }
      try {
        Checkpoints expected;
        synchronized (this) {
          expected = written;
        }
        Optional<String> regressed = regressed(expected);
        if (regressed.isPresent()) {
          throw new IllegalStateException(regressed.get());
        }
        if (!events.isEmpty()) {
          store.apply(partition, events, eventsNext);
          snapshots.committed(events);
        }
        if (!interactions.isEmpty()) {
          store.recordHandled(partition, interactions, interactionsNext);
        }
        retries.passed();
        synchronized (this) {
          written = written.max(eventsNext, interactionsNext);
          inFlight -= batches.size();
          notifyAll();
        }
      } catch (Exception e) {
        synchronized (this) {
          // The queue is dropped: the catch-up reads all of it, and what follows, from the log.
          queue.clear();
          inFlight = 0;
          fallBehind("writing " + batches.size() + " batches failed", e);
          notifyAll();
        }
      }
    }

    /** Whether the replica reached everything committed so far; the queue is written after it. */
    private boolean catchUpFromLog() {
      Checkpoints atLeast;
      synchronized (this) {
        atLeast = committed;
      }
      try {
        var reached =
            catchUp.catchUp(
                partition, new ReplicaCatchUp.Reached(atLeast.events(), atLeast.interactions()));
        synchronized (this) {
          written = new Checkpoints(reached.events(), reached.interactions());
          behind = false;
          notifyAll();
        }
        retries.passed();
        log.info(
            "Replica of command partition {} caught up from the log to {}/{}",
            partition,
            reached.events(),
            reached.interactions());
        return true;
      } catch (Exception e) {
        retries.failed("its catch-up", e);
        return false;
      }
    }
  }
}
