package gg.suggestions.query.console;

import gg.suggestions.eventstore.retry.RetryLog;
import gg.suggestions.query.ProjectionCatalog;
import gg.suggestions.query.projection.RebuildLock;
import gg.suggestions.query.projection.ShadowRebuild;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rebuilds started from the console: the same shadow rebuild as {@code suggestionsctl rebuild}
 * (fold the log into a copy while the live projection serves, then swap), on a thread of this node,
 * one at a time per database (the rebuild lock that bootstraps and the CLI take too), with its
 * progress for the page to poll.
 */
final class ConsoleRebuilds {

  private static final Logger log = LoggerFactory.getLogger(ConsoleRebuilds.class);
  private static final int KEPT = 20;

  /** One rebuild and how far it is; its fields change while it runs. */
  static final class Job {
    final String id = UUID.randomUUID().toString();
    final String projection;
    final Instant started;
    volatile long read;
    volatile long total;
    volatile State state = State.RUNNING;
    volatile String message = "waiting for the rebuild lock";
    volatile Duration took;

    enum State {
      RUNNING,
      SWAPPED,
      FAILED
    }

    Job(String projection, Instant started) {
      this.projection = projection;
      this.started = started;
    }

    public String id() {
      return id;
    }

    public String projection() {
      return projection;
    }

    public State state() {
      return state;
    }

    public String message() {
      return message;
    }

    public long read() {
      return read;
    }

    public long total() {
      return total;
    }

    /** Percent of the log read, 0 to 100. */
    public long percent() {
      return total <= 0 ? (state == State.RUNNING ? 0 : 100) : Math.min(100, read * 100 / total);
    }

    public boolean isRunning() {
      return state == State.RUNNING;
    }
  }

  private final Map<String, Object> kafka;
  private final DataSource dataSource;
  private final Clock clock;
  private final Map<String, Job> jobs = new LinkedHashMap<>();

  ConsoleRebuilds(Map<String, Object> kafka, DataSource dataSource, Clock clock) {
    this.kafka = kafka;
    this.dataSource = dataSource;
    this.clock = clock;
  }

  /**
   * Starts rebuilding {@code projection} in the background.
   *
   * @throws IllegalArgumentException if there is no such projection
   */
  synchronized Job start(String projection) {
    ProjectionCatalog.Entry entry =
        ProjectionCatalog.named(projection)
            .orElseThrow(() -> new IllegalArgumentException("No projection " + projection));
    Job job = new Job(entry.name(), clock.instant());
    jobs.put(job.id, job);
    while (jobs.size() > KEPT) {
      jobs.remove(jobs.keySet().iterator().next());
    }
    Thread thread = new Thread(() -> run(job, entry), "console-rebuild-" + entry.name());
    thread.setDaemon(true);
    thread.start();
    return job;
  }

  synchronized Optional<Job> job(String id) {
    return Optional.ofNullable(jobs.get(id));
  }

  /** The rebuilds of this node, newest first. */
  synchronized List<Job> recent() {
    return jobs.values().stream().sorted((a, b) -> b.started.compareTo(a.started)).toList();
  }

  private void run(Job job, ProjectionCatalog.Entry entry) {
    try {
      Optional<RebuildLock> lock = RebuildLock.tryAcquire(dataSource);
      if (lock.isEmpty()) {
        fail(
            job,
            "another rebuild, or a node's bootstrap, is building projections now; try again once it is done");
        return;
      }
      try (RebuildLock held = lock.get()) {
        job.message = "reading the log";
        var rebuild =
            new ShadowRebuild(
                kafka,
                dataSource,
                (name, span, position, events, elapsed) -> {
                  long total = span.total();
                  long left = span.remaining(position);
                  job.total = total;
                  job.read = total - left;
                });
        for (ShadowRebuild.Result result : rebuild.build(List.of(entry.target()), Map.of())) {
          rebuild.swap(result.name());
          job.took = Duration.between(job.started, clock.instant());
          job.message =
              String.format(
                  "swapped in: %,d events, %,d dead letters, in %d s",
                  result.events(), result.deadLetters(), job.took.toSeconds());
        }
        job.read = job.total;
        job.state = Job.State.SWAPPED;
        log.info("Console rebuild of {}: {}", entry.name(), job.message);
      }
    } catch (Exception | Error e) {
      log.error("Console rebuild of {} failed", entry.name(), e);
      fail(job, RetryLog.reason(e));
    }
  }

  private static void fail(Job job, String why) {
    job.message = why;
    job.state = Job.State.FAILED;
  }
}
