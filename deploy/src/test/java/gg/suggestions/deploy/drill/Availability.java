package gg.suggestions.deploy.drill;

import gg.suggestions.deploy.drill.History.Fault;
import gg.suggestions.deploy.drill.History.Operation;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.ToIntFunction;
import java.util.stream.Collectors;

/**
 * Availability as Jepsen measures it, from a drill's history: for every fault, the commands invoked
 * until the next one struck, the share of them acknowledged at their first ask, and the
 * write-unavailability window: the longest gap between two acknowledgements on one partition that
 * the fault caused, per partition and at worst.
 *
 * <p>Faults strike every few seconds, so a gap can span two of them. A gap belongs to the latest
 * fault struck before the first acknowledgement that went missing, {@link #SPACING} after the gap's
 * start: a gap that began just before a fault is that fault's, and one a fault caused does not
 * count again for the next fault it outlasted.
 *
 * <p>A gap includes the load's own spacing: a partition whose guilds get a command every second
 * shows about a second between acknowledgements with no fault at all.
 */
final class Availability {

  /** How long after an acknowledgement the next one is due on a partition, with some margin. */
  static final Duration SPACING = Duration.ofMillis(1_500);

  /** What one fault cost, over the commands invoked from its strike to the next fault's. */
  record FaultCost(
      Fault fault,
      Instant until,
      long commands,
      List<Long> firstAskOkMillis,
      long windowMillis,
      int worstPartition,
      Map<Integer, Long> gapMillisByPartition) {

    double firstAskOkShare() {
      return commands == 0 ? 1 : (double) firstAskOkMillis.size() / commands;
    }
  }

  /** The faults of one kind together. */
  record KindCost(
      String kind, int faults, long commands, List<Long> firstAskOkMillis, List<Long> windows) {}

  private final List<FaultCost> costs;

  /**
   * @param partitionOf the command partition a command id goes to
   * @param loadEnded when the load stopped: the last fault's period ends there
   */
  Availability(History history, ToIntFunction<String> partitionOf, Instant loadEnded) {
    List<Operation> operations = history.operations();
    Map<Integer, List<Instant>> acks = new HashMap<>();
    for (Operation op : operations) {
      if (op.okAtFirstAsk()) {
        acks.computeIfAbsent(partitionOf.applyAsInt(op.commandId()), p -> new ArrayList<>())
            .add(op.firstAnsweredAt());
      }
    }
    acks.values().forEach(Collections::sort);
    List<Fault> faults = history.faults().stream().filter(f -> f.at().isBefore(loadEnded)).toList();
    TreeMap<Instant, Integer> struck = new TreeMap<>();
    for (int i = 0; i < faults.size(); i++) {
      struck.put(faults.get(i).at(), i);
    }
    // Every gap between acknowledgements, as the longest per partition each fault owns.
    List<Map<Integer, Long>> owned = new ArrayList<>();
    faults.forEach(f -> owned.add(new TreeMap<>()));
    acks.forEach(
        (partition, times) -> {
          for (int i = 1; i < times.size(); i++) {
            Instant start = times.get(i - 1);
            var owner = struck.floorEntry(start.plus(SPACING));
            if (owner != null && start.isBefore(loadEnded)) {
              long gap = Duration.between(start, times.get(i)).toMillis();
              owned.get(owner.getValue()).merge(partition, gap, Math::max);
            }
          }
        });
    List<FaultCost> computed = new ArrayList<>();
    for (int i = 0; i < faults.size(); i++) {
      Fault fault = faults.get(i);
      Instant until = i + 1 < faults.size() ? faults.get(i + 1).at() : loadEnded;
      List<Operation> invoked =
          operations.stream()
              .filter(op -> !op.invokedAt().isBefore(fault.at()) && op.invokedAt().isBefore(until))
              .toList();
      Map<Integer, Long> gaps = owned.get(i);
      var worst = gaps.entrySet().stream().max(Map.Entry.comparingByValue());
      computed.add(
          new FaultCost(
              fault,
              until,
              invoked.size(),
              History.firstAskOkMillis(invoked),
              worst.map(Map.Entry::getValue).orElse(0L),
              worst.map(Map.Entry::getKey).orElse(-1),
              gaps));
    }
    this.costs = List.copyOf(computed);
  }

  List<FaultCost> byFault() {
    return costs;
  }

  /** The faults grouped by kind, in the kinds' name order. */
  List<KindCost> byKind() {
    Map<String, List<FaultCost>> grouped =
        costs.stream()
            .collect(
                Collectors.groupingBy(c -> c.fault().kind(), TreeMap::new, Collectors.toList()));
    return grouped.entrySet().stream()
        .map(
            e ->
                new KindCost(
                    e.getKey(),
                    e.getValue().size(),
                    e.getValue().stream().mapToLong(FaultCost::commands).sum(),
                    e.getValue().stream()
                        .flatMap(c -> c.firstAskOkMillis().stream())
                        .sorted()
                        .toList(),
                    e.getValue().stream().map(FaultCost::windowMillis).sorted().toList()))
        .toList();
  }

  /** The table of the report: per kind of fault, availability and unavailability windows. */
  List<String> table() {
    List<String> lines = new ArrayList<>();
    lines.add(
        "| fault | faults | commands | acknowledged at first ask | their p50 / p99 ms |"
            + " unavailability window p50 / max ms |");
    lines.add("|---|---:|---:|---:|---:|---:|");
    long commands = 0;
    List<Long> ok = new ArrayList<>();
    List<Long> windows = new ArrayList<>();
    for (KindCost kind : byKind()) {
      lines.add(
          row(
              kind.kind(),
              kind.faults(),
              kind.commands(),
              kind.firstAskOkMillis(),
              kind.windows()));
      commands += kind.commands();
      ok.addAll(kind.firstAskOkMillis());
      windows.addAll(kind.windows());
    }
    Collections.sort(ok);
    Collections.sort(windows);
    lines.add(row("**all faults**", costs.size(), commands, ok, windows));
    return lines;
  }

  private static String row(
      String kind, int faults, long commands, List<Long> ok, List<Long> windows) {
    return String.format(
        "| %s | %d | %d | %d (%.1f %%) | %s | %s |",
        kind,
        faults,
        commands,
        ok.size(),
        commands == 0 ? 100.0 : 100.0 * ok.size() / commands,
        ok.isEmpty()
            ? ""
            : DrillReport.percentile(ok, 0.5) + " / " + DrillReport.percentile(ok, 0.99),
        windows.isEmpty()
            ? ""
            : String.format(
                "%,d / %,d",
                DrillReport.percentile(windows, 0.5), DrillReport.percentile(windows, 1)));
  }

  /** One line per fault, tab-separated, with every partition's longest gap. */
  List<String> faultLines() {
    List<String> lines = new ArrayList<>();
    lines.add("struck\tkind\twhat\tcommands\tfirst_ask_ok\twindow_ms\tworst_partition\tgaps_ms");
    for (FaultCost cost : costs) {
      lines.add(
          String.join(
              "\t",
              cost.fault().at().toString(),
              cost.fault().kind(),
              cost.fault().what(),
              Long.toString(cost.commands()),
              Integer.toString(cost.firstAskOkMillis().size()),
              Long.toString(cost.windowMillis()),
              Integer.toString(cost.worstPartition()),
              cost.gapMillisByPartition().toString()));
    }
    return lines;
  }
}
