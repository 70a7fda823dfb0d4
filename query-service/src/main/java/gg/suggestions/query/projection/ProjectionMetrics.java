package gg.suggestions.query.projection;

import gg.suggestions.eventstore.retry.RetryLog;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The projections' meters: per projection its lag behind the log (per partition), dead letters,
 * whether it is caught up or failed, and a bootstrap's progress (records read, records in all, time
 * left) while one runs. Lag and dead letters cost a look at the log's end and a count in the
 * database, so a sampler takes them every few seconds and a scrape reads the last sample: a scrape
 * never waits for Kafka or PostgreSQL, and a sick database leaves the last values (and the sample's
 * age).
 */
public final class ProjectionMetrics implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(ProjectionMetrics.class);

  private record Sample(
      Map<String, Projections.Status> status,
      Map<String, Projections.Reading> readings,
      Instant takenAt) {}

  private final Projections projections;
  private final RetryLog failures =
      new RetryLog(log, "Sampling the projections' lag and dead letters");
  private final Map<String, MultiGauge> lags = new HashMap<>();
  private final ScheduledExecutorService sampler;
  private volatile Sample sample = new Sample(Map.of(), Map.of(), Instant.EPOCH);

  private ProjectionMetrics(Projections projections) {
    this.projections = projections;
    this.sampler =
        Executors.newSingleThreadScheduledExecutor(
            task -> {
              Thread thread = new Thread(task, "projection-metrics");
              thread.setDaemon(true);
              return thread;
            });
  }

  /** Registers the meters in {@code registry} and samples every {@code every}. */
  public static ProjectionMetrics start(
      Projections projections, MeterRegistry registry, Duration every) {
    ProjectionMetrics metrics = new ProjectionMetrics(projections);
    metrics.register(registry);
    metrics.sampler.scheduleWithFixedDelay(
        metrics::take, 0, every.toMillis(), TimeUnit.MILLISECONDS);
    return metrics;
  }

  private void register(MeterRegistry registry) {
    for (String name : projections.names()) {
      Tags tags = Tags.of("projection", name);
      lags.put(
          name,
          MultiGauge.builder("suggestions.projection.lag")
              .description("Log records not yet applied, per partition of the projection's log")
              .tags(tags)
              .register(registry));
      gauge(
          registry,
          "suggestions.projection.dead.letters",
          "Events the projection could not apply",
          tags,
          s -> status(s, name, status -> status.deadLetters()));
      gauge(
          registry,
          "suggestions.projection.caught.up",
          "1 once the projection applied the log as it was at start",
          tags,
          s -> status(s, name, status -> status.caughtUp() ? 1 : 0));
      gauge(
          registry,
          "suggestions.projection.failed",
          "1 while the projection's processor is in error",
          tags,
          s -> status(s, name, status -> status.failed() ? 1 : 0));
      Gauge.builder(
              "suggestions.projection.bootstrap.records.read",
              () -> projections.buildOf(name).map(b -> (double) b.read()).orElse(Double.NaN))
          .description("Log records a bootstrap under way has read")
          .tags(tags)
          .register(registry);
      Gauge.builder(
              "suggestions.projection.bootstrap.records.target",
              () -> projections.buildOf(name).map(b -> (double) b.total()).orElse(Double.NaN))
          .description("Log records a bootstrap under way reads in all")
          .tags(tags)
          .register(registry);
      Gauge.builder(
              "suggestions.projection.bootstrap.remaining",
              () ->
                  projections
                      .buildOf(name)
                      .map(b -> b.eta(Instant.now()))
                      .map(eta -> eta.toMillis() / 1000.0)
                      .orElse(Double.NaN))
          .description("Time a bootstrap under way needs still, at its pace so far")
          .baseUnit("seconds")
          .tags(tags)
          .register(registry);
    }
    FunctionCounter.builder(
            "suggestions.projection.bootstrap.failures",
            projections,
            Projections::bootstrapFailures)
        .description("Bootstraps that failed (their processors went on from their tokens)")
        .register(registry);
    Gauge.builder(
            "suggestions.projection.sample.age",
            this,
            m -> Duration.between(m.sample.takenAt, Instant.now()).toMillis() / 1000.0)
        .description("Age of the last sample of lag and dead letters")
        .baseUnit("seconds")
        .register(registry);
  }

  private void gauge(
      MeterRegistry registry,
      String name,
      String description,
      Tags tags,
      ToDoubleFunction<Sample> value) {
    Gauge.builder(name, this, m -> value.applyAsDouble(m.sample))
        .description(description)
        .tags(tags)
        .register(registry);
  }

  private static double status(
      Sample sample, String name, ToDoubleFunction<Projections.Status> value) {
    Projections.Status status = sample.status.get(name);
    return status == null ? Double.NaN : value.applyAsDouble(status);
  }

  private void take() {
    if (!projections.isStarted()) {
      return; // Their schemas may not exist yet; a stopped node has nothing to say.
    }
    try {
      Map<String, Projections.Status> status =
          projections.status().stream()
              .collect(Collectors.toMap(Projections.Status::name, Function.identity()));
      Map<String, Projections.Reading> readings = projections.readings();
      sample = new Sample(status, readings, Instant.now());
      lags.forEach(
          (name, gauge) ->
              gauge.register(
                  readings.containsKey(name)
                      ? readings.get(name).lag().entrySet().stream()
                          .map(
                              e ->
                                  MultiGauge.Row.of(
                                      Tags.of("partition", Integer.toString(e.getKey())),
                                      e.getValue()))
                          .toList()
                      : List.of(),
                  true));
      failures.passed();
    } catch (RuntimeException e) {
      // The sample's age tells an operator too; the next sample tries again.
      failures.failed("a sample", e);
    }
  }

  @Override
  public void close() {
    sampler.shutdown(); // A sample under way ends; one interrupted in Kafka would only log noise.
    try {
      if (!sampler.awaitTermination(5, TimeUnit.SECONDS)) {
        sampler.shutdownNow();
      }
    } catch (InterruptedException e) {
      sampler.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }
}
