package gg.suggestions.deploy.drill;

import gg.suggestions.deploy.drill.History.Outcome;
import gg.suggestions.eventstore.envelope.EnvelopeCodec;
import gg.suggestions.eventstore.envelope.EventEnvelope;
import gg.suggestions.eventstore.topic.SuggestionTopics;
import gg.suggestions.testing.TopicReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/** The drill's checkers over the event log, and its report in Markdown. */
final class DrillReport {

  private DrillReport() {}

  /** What one drill was: its name, seed and shape. */
  /** {@code lengths}: how long the faults last, in words, e.g. "brokers paused for 4-15 s". */
  record Setup(
      String run, long seed, int rate, Duration interval, String lengths, Duration answer) {}

  record Checks(
      List<String> lost,
      List<String> duplicates,
      long repeatedEventIds,
      List<String> outOfOrder,
      long events) {}

  /** What the run saw after healing: the quorum probe and {@code verify --all} per node. */
  record Outcomes(
      boolean refusedWithoutQuorum, Map<String, Integer> verified, int verifyAttempts) {}

  /**
   * Reads the whole event log: every acknowledged command of the history has its event, no command
   * has two, no event id repeats, and every aggregate's sequence counts up from 0.
   */
  static Checks check(String bootstrapServers, String run, History history) {
    EnvelopeCodec codec = new EnvelopeCodec();
    Map<String, Integer> eventsPerCommand = new HashMap<>();
    Set<String> eventIds = new HashSet<>();
    long repeated = 0;
    Map<String, Long> lastSequence = new HashMap<>();
    List<String> outOfOrder = new ArrayList<>();
    long events = 0;
    // Records come partition by partition in offset order: an aggregate lives on one partition.
    for (ConsumerRecord<String, String> record :
        TopicReader.readCommitted(bootstrapServers, SuggestionTopics.EVENTS)) {
      EventEnvelope event = codec.decode(record.value().getBytes(StandardCharsets.UTF_8));
      if (!event.metadata().commandId().startsWith("drill-" + run)) {
        continue;
      }
      events++;
      eventsPerCommand.merge(event.metadata().commandId(), 1, Integer::sum);
      if (!eventIds.add(event.eventId())) {
        repeated++;
      }
      long expected = lastSequence.getOrDefault(event.aggregateId(), -1L) + 1;
      if (event.sequence() != expected) {
        outOfOrder.add(event.aggregateId() + " expected " + expected + " got " + event.sequence());
      }
      lastSequence.put(event.aggregateId(), event.sequence());
    }
    List<String> lost =
        history.operations().stream()
            .filter(op -> op.outcome() == Outcome.OK)
            .map(History.Operation::commandId)
            .filter(id -> !eventsPerCommand.containsKey(id))
            .toList();
    List<String> duplicates =
        eventsPerCommand.entrySet().stream()
            .filter(e -> e.getValue() > 1)
            .map(Map.Entry::getKey)
            .toList();
    return new Checks(lost, duplicates, repeated, outOfOrder, events);
  }

  static List<String> render(
      Setup setup,
      History history,
      Map<?, Integer> struck,
      Duration loaded,
      List<Duration> heals,
      Checks checks,
      Outcomes outcomes,
      Availability availability) {
    List<String> report = new ArrayList<>();
    report.add(
        "# Fault drill " + setup.run() + ", " + Instant.now() + " (seed " + setup.seed() + ")");
    report.add("");
    report.add(
        "Three brokers (separate processes and network namespaces, RF 3, min ISR 2), two"
            + " command nodes and a query node (separate processes and databases), PostgreSQL; "
            + setup.rate()
            + " commands/s for "
            + loaded.toSeconds()
            + " s; one fault every "
            + setup.interval().toSeconds()
            + " s at most ("
            + setup.lengths()
            + ").");
    report.add("");
    report.add("| faults | count |");
    report.add("|---|---:|");
    struck.forEach((fault, n) -> report.add("| " + fault + " | " + n + " |"));
    report.add("");
    report.add("| check | result |");
    report.add("|---|---:|");
    report.add("| commands invoked | " + history.operations().size() + " |");
    report.add("| ok (acknowledged) | " + history.count(Outcome.OK) + " |");
    report.add("| fail (refused) | " + history.count(Outcome.FAIL) + " |");
    report.add(
        "| info (no answer in "
            + setup.answer().toSeconds()
            + " s; asked again after healing) | "
            + history.infos()
            + " |");
    report.add("| events on the log | " + checks.events() + " |");
    report.add("| acknowledged commands lost | " + checks.lost().size() + " |");
    report.add("| commands with more than one event | " + checks.duplicates().size() + " |");
    report.add("| event ids seen twice | " + checks.repeatedEventIds() + " |");
    report.add("| aggregates out of order | " + checks.outOfOrder().size() + " |");
    report.add(
        "| no write acknowledged with 2 of 3 brokers down | "
            + outcomes.refusedWithoutQuorum()
            + " |");
    report.add(
        "| projections equal a rebuild (verify exit per node; attempts) | "
            + outcomes.verified()
            + "; "
            + outcomes.verifyAttempts()
            + " |");
    List<Long> firstAsk = history.firstAskOkMillis();
    report.add("| acknowledged at the first ask | " + firstAsk.size() + " |");
    if (!firstAsk.isEmpty()) {
      report.add(
          "| their latency, p50 / p99 / max ms | "
              + percentile(firstAsk, 0.5)
              + " / "
              + percentile(firstAsk, 0.99)
              + " / "
              + percentile(firstAsk, 1)
              + " |");
    }
    List<Long> healed = heals.stream().map(Duration::toMillis).sorted().toList();
    if (!healed.isEmpty()) {
      report.add(
          "| broker faults: ISR full again, median / max ms | "
              + percentile(healed, 0.5)
              + " / "
              + percentile(healed, 1)
              + " |");
    }
    report.add("");
    report.add(
        "Availability per fault, over the commands invoked from its strike to the next fault's"
            + " (acknowledged at the first ask within "
            + setup.answer().toSeconds()
            + " s; the unavailability window is the longest gap between acknowledgements on one"
            + " partition, worst partition per fault):");
    report.add("");
    report.addAll(availability.table());
    report.add("");
    report.add("![timeline](drill-" + setup.run() + "-timeline.svg)");
    report.add("");
    report.add("Faults in order:");
    history.faults().forEach(f -> report.add("- " + f.at() + " " + f.what()));
    return report;
  }

  /** The value at {@code fraction} of an ascending, non-empty list (nearest rank). */
  static long percentile(List<Long> ascending, double fraction) {
    int rank = (int) Math.ceil(fraction * ascending.size());
    return ascending.get(Math.max(0, rank - 1));
  }
}
