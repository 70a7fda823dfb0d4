package gg.suggestions.eventstore.log;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;

/**
 * Counts records that a reader of the log could not decode at all (not an envelope), per topic and
 * partition, as {@code suggestions.log.unreadable}: whatever else the reader does with them (a dead
 * letter, a refusal, a log line), an operator sees garbage arrive on the log. The counters live in
 * Micrometer's global registry, which Spring Boot's Prometheus registry joins.
 */
public final class UnreadableRecords {

  private UnreadableRecords() {}

  /** One more unreadable record at {@code topic}-{@code partition}. */
  public static void count(String topic, int partition) {
    count(Metrics.globalRegistry, topic, partition);
  }

  static void count(MeterRegistry registry, String topic, int partition) {
    Counter.builder("suggestions.log.unreadable")
        .description("Records a reader could not decode at all, by topic and partition")
        .tag("topic", topic)
        .tag("partition", Integer.toString(partition))
        .register(registry)
        .increment();
  }
}
