package gg.suggestions.query.projection;

import gg.suggestions.eventstore.retry.RetryLog;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.pooled.PooledStreamingEventProcessor;
import org.axonframework.messaging.StreamableMessageSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * Every projection of this node: migrates their schemas, runs their processors and reports how far
 * they are. On an empty database each processor starts at the beginning of the log, so a fresh node
 * rebuilds every projection by itself.
 */
public final class Projections {

  /** One projection: its name (and schema {@code p_<name>}), the log it reads, its handlers. */
  public record Definition(
      String name, StreamableMessageSource<TrackedEventMessage<?>> log, List<Object> handlers) {}

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

  public Projections(
      List<Definition> definitions,
      DataSource dataSource,
      PlatformTransactionManager transactions) {
    this.dataSource = dataSource;
    this.jdbc = new JdbcTemplate(dataSource);
    for (Definition definition : definitions) {
      retries.put(definition.name(), ProjectionProcessor.retries(definition.name()));
      logs.put(definition.name(), definition.log());
      processors.put(
          definition.name(),
          ProjectionProcessor.create(
              definition.name(),
              definition.handlers(),
              definition.log(),
              dataSource,
              transactions,
              retries.get(definition.name())));
    }
  }

  public void start() {
    processors.keySet().forEach(name -> ProjectionProcessor.migrate(dataSource, name));
    logs.forEach(ends::capture);
    processors.values().forEach(PooledStreamingEventProcessor::start);
  }

  public void stop() {
    processors.values().forEach(PooledStreamingEventProcessor::shutDown);
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
    if (!processor.isRunning()) {
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
