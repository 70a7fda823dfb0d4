package gg.suggestions.command.loop;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The command path's meters, in the node's registry (Prometheus in a running node): every command
 * by type and outcome, every step of a batch, batch sizes, transactions by result, and the
 * partitions this node owns, catches up and lags on. Tags take values from closed sets only (the
 * command types this build knows, error codes, steps, results, partition numbers), never an id.
 */
final class CommandMetrics {

  /** The type tag of a command whose type this build does not know, or that was unreadable. */
  static final String UNKNOWN_TYPE = "unknown";

  /** The outcome tag of an accepted command; a refused one carries its error code. */
  static final String ACCEPTED = "accepted";

  private final MeterRegistry registry;
  private final Map<CommandTimings.Step, Timer> steps = new EnumMap<>(CommandTimings.Step.class);
  private final Map<PartitionBatch.Result, Counter> transactions =
      new EnumMap<>(PartitionBatch.Result.class);
  private final Map<String, Timer> commands = new ConcurrentHashMap<>();
  private final DistributionSummary batchSize;
  private final MultiGauge lag;

  CommandMetrics(MeterRegistry registry) {
    this.registry = registry;
    for (CommandTimings.Step step : CommandTimings.Step.values()) {
      steps.put(
          step,
          Timer.builder("suggestions.command.step")
              .description("One step of the command path (see CommandTimings.Step)")
              .tag("step", step.name().toLowerCase())
              .publishPercentileHistogram()
              .maximumExpectedValue(Duration.ofSeconds(30))
              .register(registry));
    }
    for (PartitionBatch.Result result : PartitionBatch.Result.values()) {
      transactions.put(
          result,
          Counter.builder("suggestions.command.transactions")
              .description("Batches' transactions by how they ended")
              .tag("result", result.name().toLowerCase())
              .register(registry));
    }
    batchSize =
        DistributionSummary.builder("suggestions.command.batch.size")
            .description("Commands in one transaction")
            .publishPercentileHistogram()
            .maximumExpectedValue(10_000.0)
            .register(registry);
    lag =
        MultiGauge.builder("suggestions.command.lag")
            .description("Commands of an owned partition not yet taken by this node")
            .register(registry);
  }

  /** Meters of nothing: for nodes built without a registry (tests, benchmarks). */
  static CommandMetrics none() {
    return new CommandMetrics(new CompositeMeterRegistry());
  }

  void step(CommandTimings.Step step, long nanos) {
    steps.get(step).record(nanos, TimeUnit.NANOSECONDS);
  }

  /**
   * One command answered: from its requester's send (the record's timestamp) to its reply going
   * out.
   */
  void answered(String type, String outcome, long sentAtMillis, long nowMillis) {
    commands
        .computeIfAbsent(
            type + '\0' + outcome,
            key ->
                Timer.builder("suggestions.commands")
                    .description("Commands from their send to their reply, by type and outcome")
                    .tags(Tags.of("type", type, "outcome", outcome))
                    .publishPercentileHistogram()
                    .maximumExpectedValue(Duration.ofSeconds(30))
                    .register(registry))
        .record(Math.max(0, nowMillis - sentAtMillis), TimeUnit.MILLISECONDS);
  }

  void transaction(PartitionBatch.Result result, int commands) {
    transactions.get(result).increment();
    if (result == PartitionBatch.Result.COMMITTED) {
      batchSize.record(commands);
    }
  }

  /** Gauges of the loop's partitions, read from its status whenever they are scraped. */
  void partitions(Supplier<CommandLoop.Status> status) {
    Gauge.builder("suggestions.command.partitions", () -> status.get().owned().size())
        .description("Command partitions this node owns")
        .tag("state", "owned")
        .register(registry);
    Gauge.builder("suggestions.command.partitions", () -> status.get().catchingUp().size())
        .description("Command partitions this node owns")
        .tag("state", "catching_up")
        .register(registry);
    Gauge.builder("suggestions.command.loop.serving", () -> status.get().isServing() ? 1 : 0)
        .description("1 while the loop runs and every owned partition is caught up")
        .register(registry);
  }

  /** The commands behind each owned partition, as the loop's consumer last knew them. */
  void lag(Map<Integer, Long> byPartition) {
    lag.register(
        byPartition.entrySet().stream()
            .map(
                e ->
                    MultiGauge.Row.of(
                        Tags.of("partition", Integer.toString(e.getKey())), e.getValue()))
            .toList(),
        true);
  }
}
