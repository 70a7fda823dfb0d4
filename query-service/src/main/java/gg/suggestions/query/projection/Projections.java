package gg.suggestions.query.projection;

import gg.suggestions.eventstore.log.KafkaEventLogSource;
import gg.suggestions.eventstore.log.KafkaTrackingToken;
import gg.suggestions.eventstore.retry.RetryLog;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.sql.SQLException;
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
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventhandling.WrappedToken;
import org.axonframework.eventhandling.pooled.PooledStreamingEventProcessor;
import org.axonframework.messaging.StreamableMessageSource;
import org.axonframework.micrometer.GlobalMetricRegistry;
import org.axonframework.monitoring.MessageMonitor;
import org.axonframework.monitoring.NoOpMessageMonitor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * Every projection of this node: migrates their schemas, runs their processors and reports how far
 * they are. A fresh node rebuilds every projection by itself: with a {@link Bootstrap}, by the bulk
 * path and then live; without, by its processor from the beginning of the log.
 */
public final class Projections {

  private static final Logger log = LoggerFactory.getLogger(Projections.class);

  /**
   * One projection: its name (and schema {@code p_<name>}), the log it reads, its handlers.
   *
   * @param bulk what a bulk build of it needs, for a fresh node's bootstrap; null: none, its
   *     processor replays the log
   */
  public record Definition(
      String name,
      StreamableMessageSource<TrackedEventMessage<?>> log,
      List<Object> handlers,
      Supplier<ShadowRebuild.Target> bulk) {

    public Definition(
        String name, StreamableMessageSource<TrackedEventMessage<?>> log, List<Object> handlers) {
      this(name, log, handlers, null);
    }
  }

  /**
   * How one projection is doing.
   *
   * @param caughtUp whether every segment has read at least to where the log ended when this node
   *     started, and to the end of the log as its stream last saw it
   * @param deadLetters how many events it could not apply
   * @param stuckOn what it keeps failing on and why (its database), or null while it is not
   * @param waitingFor while it is not caught up, what it waits for (which segments, at which
   *     positions); null once it is
   */
  public record Status(
      String name,
      boolean running,
      boolean caughtUp,
      boolean failed,
      long deadLetters,
      String stuckOn,
      String waitingFor) {}

  private final DataSource dataSource;
  private final JdbcTemplate jdbc;
  private final Map<String, PooledStreamingEventProcessor> processors = new LinkedHashMap<>();
  private final Map<String, RetryLog> retries = new LinkedHashMap<>();
  private final Map<String, StreamableMessageSource<TrackedEventMessage<?>>> logs =
      new LinkedHashMap<>();
  private final LogEndsAtStart ends = new LogEndsAtStart();
  private final Map<String, Supplier<ShadowRebuild.Target>> bulk = new LinkedHashMap<>();
  private final Bootstrap bootstrap;
  private final Set<String> bootstrapping = ConcurrentHashMap.newKeySet();
  private final Object lifecycle = new Object();
  private final AtomicLong bootstrapFailures = new AtomicLong();
  private volatile boolean migrated;
  private Thread builder;
  private boolean stopped;
  private long generation;

  /** Projections whose processors replay the log from their tokens (or its beginning). */
  public Projections(
      List<Definition> definitions,
      DataSource dataSource,
      PlatformTransactionManager transactions) {
    this(definitions, dataSource, transactions, null);
  }

  /**
   * Projections of which those without a token are first built with the bulk path by {@code
   * bootstrap} (null: none), then continue live.
   */
  public Projections(
      List<Definition> definitions,
      DataSource dataSource,
      PlatformTransactionManager transactions,
      Bootstrap bootstrap) {
    this(definitions, dataSource, transactions, bootstrap, null);
  }

  /**
   * As above, with each processor's Axon message monitor (events handled, their time and latency,
   * by projection and payload type) in {@code meters}; null: none.
   */
  public Projections(
      List<Definition> definitions,
      DataSource dataSource,
      PlatformTransactionManager transactions,
      Bootstrap bootstrap,
      MeterRegistry meters) {
    this.dataSource = dataSource;
    this.bootstrap = bootstrap;
    this.jdbc = new JdbcTemplate(dataSource);
    for (Definition definition : definitions) {
      retries.put(definition.name(), ProjectionProcessor.retries(definition.name()));
      logs.put(definition.name(), definition.log());
      if (definition.bulk() != null) {
        bulk.put(definition.name(), definition.bulk());
      }
      processors.put(
          definition.name(),
          ProjectionProcessor.create(
              definition.name(),
              definition.handlers(),
              definition.log(),
              dataSource,
              transactions,
              retries.get(definition.name()),
              monitor(meters, definition.name())));
    }
  }

  private static MessageMonitor<? super EventMessage<?>> monitor(
      MeterRegistry meters, String name) {
    if (meters == null) {
      return NoOpMessageMonitor.INSTANCE;
    }
    Tags projection = Tags.of("projection", name);
    return new GlobalMetricRegistry(meters)
        .registerEventProcessor(
            "axon.projection",
            message -> projection.and("payloadType", message.getPayloadType().getSimpleName()),
            message -> projection);
  }

  /**
   * Migrates the schemas and starts the processors; those of projections that are empty, or were
   * built by another version of their rules, start once a background bootstrap has built them (or
   * failed to; then they go on from their tokens, or replay the log from its beginning).
   */
  public void start() {
    long run;
    synchronized (lifecycle) {
      run = ++generation;
      stopped = false;
      bootstrapping.clear();
    }
    processors.keySet().forEach(name -> ProjectionProcessor.migrate(dataSource, name));
    migrated = true;
    logs.forEach(ends::capture);
    Map<String, List<ShadowRebuild.Target>> due = new LinkedHashMap<>();
    for (var entry : processors.entrySet()) {
      String name = entry.getKey();
      ShadowRebuild.Target target =
          bootstrap != null && bulk.containsKey(name) ? bulk.get(name).get() : null;
      if (target != null && due(target)) {
        due.computeIfAbsent(target.topic(), topic -> new ArrayList<>()).add(target);
        bootstrapping.add(name);
      } else {
        entry.getValue().start();
      }
    }
    if (!due.isEmpty()) {
      Thread thread = new Thread(() -> bootstrap(due.values(), run), "projection-bootstrap");
      thread.setDaemon(true);
      synchronized (lifecycle) {
        builder = thread;
      }
      thread.start();
    }
  }

  private boolean due(ShadowRebuild.Target target) {
    try {
      return bootstrap.reason(target) != null;
    } catch (SQLException e) {
      throw new IllegalStateException(
          "Cannot tell whether projection " + target.name() + " needs building: " + e, e);
    }
  }

  /**
   * Builds each topic's due projections in one pass, then starts their processors, unless this run
   * ({@code run}) was stopped meanwhile: a stop, or a stop and a new start, must never find a
   * processor started behind its back.
   */
  private void bootstrap(Collection<List<ShadowRebuild.Target>> byTopic, long run) {
    for (List<ShadowRebuild.Target> targets : byTopic) {
      List<String> names = targets.stream().map(ShadowRebuild.Target::name).toList();
      try {
        bootstrap.build(targets);
      } catch (Exception | Error e) {
        if (!current(run)) {
          return;
        }
        bootstrapFailures.incrementAndGet();
        log.error(
            "Bootstrap of {} failed ({}); their processors go on from their tokens instead",
            names,
            RetryLog.reason(e),
            e);
      }
      synchronized (lifecycle) {
        if (stopped || generation != run) {
          return;
        }
        for (String name : names) {
          processors.get(name).start();
          bootstrapping.remove(name);
        }
      }
    }
  }

  private boolean current(long run) {
    synchronized (lifecycle) {
      return !stopped && generation == run;
    }
  }

  /**
   * Stops the processors, and a bootstrap under way: it is interrupted and given a few seconds; one
   * stuck in the database gives up later and starts nothing.
   */
  public void stop() {
    Thread running;
    synchronized (lifecycle) {
      stopped = true;
      running = builder;
      builder = null;
    }
    if (running != null) {
      running.interrupt();
      try {
        running.join(10_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    processors.values().forEach(PooledStreamingEventProcessor::shutDown);
  }

  /** Whether {@link #start} migrated the schemas and {@link #stop} did not run since. */
  public boolean isStarted() {
    synchronized (lifecycle) {
      return migrated && !stopped;
    }
  }

  /** The projections' names, in the catalogue's order. */
  public Set<String> names() {
    return Collections.unmodifiableSet(processors.keySet());
  }

  /** How many bootstraps on this node failed (their processors went on from their tokens). */
  public long bootstrapFailures() {
    return bootstrapFailures.get();
  }

  /** How far the bootstrap of {@code name} is, while one runs on this node. */
  Optional<Bootstrap.Build> buildOf(String name) {
    return bootstrap == null ? Optional.empty() : bootstrap.buildOf(name);
  }

  /**
   * Where a projection is in its log, per partition: the next offset its slowest segment applies,
   * and the offset just past the log's last record now.
   */
  public record Reading(Map<Integer, Long> position, Map<Integer, Long> end) {

    /** Records still to apply, per partition. */
    public Map<Integer, Long> lag() {
      Map<Integer, Long> lag = new TreeMap<>();
      end.forEach((p, e) -> lag.put(p, Math.max(0, e - position.getOrDefault(p, 0L))));
      return lag;
    }

    public long totalLag() {
      return lag().values().stream().mapToLong(Long::longValue).sum();
    }

    public long totalPosition() {
      return position.values().stream().mapToLong(Long::longValue).sum();
    }
  }

  /**
   * Where each running projection is in its log. Opens a consumer per topic for the log's end, so
   * sample it; never call it per scrape. Leaves out projections whose log is not Kafka's or that
   * have no segment.
   */
  public Map<String, Reading> readings() {
    Map<String, KafkaTrackingToken> endOfTopic = new HashMap<>();
    Map<String, Reading> readings = new LinkedHashMap<>();
    processors.forEach(
        (name, processor) -> {
          Collection<EventTrackerStatus> segments = processor.processingStatus().values();
          if (!(logs.get(name) instanceof KafkaEventLogSource kafka) || segments.isEmpty()) {
            return;
          }
          KafkaTrackingToken end =
              endOfTopic.computeIfAbsent(kafka.topic(), topic -> kafka.lastRecordToken());
          Map<Integer, Long> position = new TreeMap<>();
          for (int partition : end.offsets().keySet()) {
            position.put(
                partition,
                segments.stream()
                    .mapToLong(s -> nextOffset(s.getTrackingToken(), partition))
                    .min()
                    .orElse(0));
          }
          readings.put(name, new Reading(position, new TreeMap<>(end.offsets())));
        });
    return readings;
  }

  private static long nextOffset(TrackingToken token, int partition) {
    TrackingToken plain = WrappedToken.unwrapLowerBound(token);
    return plain instanceof KafkaTrackingToken kafka ? kafka.nextOffset(partition) : 0;
  }

  public List<Status> status() {
    return processors.entrySet().stream()
        .map(entry -> status(entry.getKey(), entry.getValue()))
        .toList();
  }

  private Status status(String name, PooledStreamingEventProcessor processor) {
    Map<Integer, EventTrackerStatus> segments = processor.processingStatus();
    List<Integer> reading =
        segments.entrySet().stream()
            .filter(e -> !e.getValue().isCaughtUp())
            .map(Map.Entry::getKey)
            .sorted()
            .toList();
    String waitingFor;
    if (bootstrapping.contains(name)) {
      String progress = bootstrap.progressOf(name);
      waitingFor = progress == null ? "its bootstrap to start" : progress;
    } else if (!processor.isRunning()) {
      waitingFor = "its processor to run";
    } else if (segments.isEmpty()) {
      waitingFor = "a segment to claim";
    } else if (ends.knows(name)) {
      // Applied everything the log held at start: ready, even if new events keep it busy. Axon's
      // own caught-up mark needs a moment with nothing to read, which a steady load may never
      // leave (FailoverBench's node that never became ready: a projection always had the next
      // interaction waiting when its coordinator looked).
      waitingFor = ends.reached(name, segments.values()) ? null : ends.shortOf(name, segments);
    } else if (!reading.isEmpty()) {
      waitingFor = "segments " + reading + " to read what their stream holds";
    } else {
      waitingFor = null;
    }
    boolean caughtUp = waitingFor == null;
    boolean failed =
        processor.isError()
            || segments.values().stream().anyMatch(EventTrackerStatus::isErrorState);
    Long deadLetters =
        jdbc.queryForObject(
            "SELECT count(*) FROM " + ProjectionProcessor.schemaOf(name) + ".dead_letter",
            Long.class);
    String stuckOn = retries.get(name).stuckOn().orElse(null);
    return new Status(
        name, processor.isRunning(), caughtUp, failed, deadLetters, stuckOn, waitingFor);
  }
}
