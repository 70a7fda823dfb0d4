package gg.suggestions.command.loop;

import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

/**
 * How long each step of the command path took, over the most recent samples: the latency budget of
 * a command, for benchmarks and the status. Recording costs a lock and an array store; every step
 * it times takes at least a network or database round trip.
 */
public final class CommandTimings {

  /** The steps of one command on a command node, in the order a command goes through them. */
  public enum Step {
    /** From the requester's send (the record's timestamp) to the loop's poll returning it. */
    FETCH,
    /** From the poll to its partition's batch starting: waiting for the partition's turn. */
    QUEUE,
    /** Deciding every command of a batch: decode, handled-id lookup, aggregate load, handler. */
    DECIDE,
    /** Committing the transaction: waits for every send's acks=all and the coordinator. */
    COMMIT,
    /** Writing the committed events and interactions to the replica. */
    REPLICA,
    /** One batch from its start to its replica write, all steps above but FETCH and QUEUE. */
    BATCH
  }

  /** Percentiles of one step in milliseconds, over {@code count} samples. */
  public record Summary(long count, double p50Ms, double p99Ms, double meanMs) {}

  private static final int KEPT = 1 << 14;

  private final Map<Step, long[]> samples = new EnumMap<>(Step.class);
  private final Map<Step, Long> counts = new EnumMap<>(Step.class);

  private final CommandMetrics metrics;

  public CommandTimings() {
    this(CommandMetrics.none());
  }

  /** Timings that also go to {@code metrics}' histograms, which keep every sample. */
  CommandTimings(CommandMetrics metrics) {
    this.metrics = metrics;
    for (Step step : Step.values()) {
      samples.put(step, new long[KEPT]);
      counts.put(step, 0L);
    }
  }

  /** Records that one occurrence of {@code step} took {@code nanos}. */
  public void record(Step step, long nanos) {
    metrics.step(step, Math.max(0, nanos));
    synchronized (this) {
      long n = counts.get(step);
      samples.get(step)[(int) (n % KEPT)] = Math.max(0, nanos);
      counts.put(step, n + 1);
    }
  }

  /** Records {@code step} as having lasted from {@code startNanos} until now. */
  public void since(Step step, long startNanos) {
    record(step, System.nanoTime() - startNanos);
  }

  /** Every step seen since the last {@link #reset}, over at most its latest 16,384 samples. */
  public synchronized Map<Step, Summary> summary() {
    Map<Step, Summary> summary = new EnumMap<>(Step.class);
    for (Step step : Step.values()) {
      long count = counts.get(step);
      if (count == 0) {
        continue;
      }
      long[] sorted = Arrays.copyOf(samples.get(step), (int) Math.min(count, KEPT));
      Arrays.sort(sorted);
      double mean = Arrays.stream(sorted).average().orElse(0) / 1e6;
      summary.put(step, new Summary(count, at(sorted, 0.50), at(sorted, 0.99), mean));
    }
    return Collections.unmodifiableMap(summary);
  }

  /** Forgets every sample: a benchmark calls it after its warm-up. */
  public synchronized void reset() {
    counts.replaceAll((step, count) -> 0L);
  }

  private static double at(long[] sorted, double p) {
    return sorted[(int) Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)] / 1e6;
  }
}
