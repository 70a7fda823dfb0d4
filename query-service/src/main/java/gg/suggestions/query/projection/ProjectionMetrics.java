package gg.suggestions.query.projection;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.time.Duration;
import java.time.Instant;
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
 * The projections' meters: per projection its lag behind the log, dead letters, whether it is
 * caught up or failed, and a bootstrap's progress (records read, records in all, time left) while
 * one runs. Lag and dead letters cost a look at the log's end and a count in the database, so a
 * sampler takes them every few seconds and a scrape reads the last sample: a scrape never waits for
 * Kafka or PostgreSQL, and a sick database leaves the last values (and the sample's age).
 */
public final class ProjectionMetrics implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(ProjectionMetrics.class);

  private record Sample(
      Map<String, Projections.Status> status, Map<String, Long> lag, Instant takenAt) {}

  private final Projections projections;
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
      gauge(
          registry,
          "suggestions.projection.lag",
          "Log records not yet applied",
          tags,
          s -> {
            Long lag = s.lag.get(name);
            return lag == null ? Double.NaN : lag;
          });
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
    try {
      Map<String, Projections.Status> status =
          projections.status().stream()
              .collect(Collectors.toMap(Projections.Status::name, Function.identity()));
      sample = new Sample(status, projections.lag(), Instant.now());
    } catch (RuntimeException e) {
      // The sample's age tells an operator; the next sample tries again.
      log.debug("Could not sample the projections' lag and dead letters: {}", e.toString());
    }
  }

  @Override
  public void close() {
    sampler.shutdownNow();
  }
}
