package gg.suggestions.deploy.drill;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * A history in Jepsen's style: for every command an invoke, then ok (accepted: its events are
 * committed), fail (refused: nothing was written) or info (no answer: it may or may not have
 * happened). Faults are recorded on the same timeline. Thread-safe.
 */
final class History {

  enum Outcome {
    OK,
    FAIL,
    INFO
  }

  /**
   * One command: its first answer ({@code null} until one came) and its final one, which differs
   * when an info was asked again.
   */
  record Operation(
      String commandId,
      Instant invokedAt,
      Outcome firstOutcome,
      Instant firstAnsweredAt,
      Outcome outcome,
      Instant completedAt) {

    /** Acknowledged at its first ask, without the drill asking again. */
    boolean okAtFirstAsk() {
      return firstOutcome == Outcome.OK;
    }

    long firstAnswerMillis() {
      return Duration.between(invokedAt, firstAnsweredAt).toMillis();
    }
  }

  /** A fault: its kind (one name per kind of fault) and what exactly was done. */
  record Fault(Instant at, String kind, String what) {}

  /** The commands invoked while a kind of fault was the latest one. */
  record AfterFault(String kind, long commands, List<Long> firstAskOkMillis) {}

  private final Supplier<Instant> now;
  private final Map<String, Operation> operations = new ConcurrentHashMap<>();
  private final List<Fault> faults = new ArrayList<>();
  private final AtomicLong infos = new AtomicLong();

  History() {
    this(Instant::now);
  }

  /** Over {@code now} for every timestamp; tests pass a clock that ticks on each call. */
  History(Supplier<Instant> now) {
    this.now = now;
  }

  void invoke(String commandId) {
    operations.put(commandId, new Operation(commandId, now.get(), null, null, null, null));
  }

  void complete(String commandId, Outcome outcome) {
    if (outcome == Outcome.INFO) {
      infos.incrementAndGet();
    }
    operations.computeIfPresent(
        commandId,
        (id, op) -> {
          Instant at = now.get();
          return op.firstOutcome() == null
              ? new Operation(id, op.invokedAt(), outcome, at, outcome, at)
              : new Operation(
                  id, op.invokedAt(), op.firstOutcome(), op.firstAnsweredAt(), outcome, at);
        });
  }

  synchronized void fault(String kind, String what) {
    faults.add(new Fault(now.get(), kind, what));
  }

  List<Operation> operations() {
    return List.copyOf(operations.values());
  }

  synchronized List<Fault> faults() {
    return List.copyOf(faults);
  }

  long count(Outcome outcome) {
    return operations.values().stream().filter(op -> op.outcome() == outcome).count();
  }

  /** How many answers were info: no decision seen in time. */
  long infos() {
    return infos.get();
  }

  /** Commands whose outcome is unknown: invoked, never answered. */
  List<String> undecided() {
    return operations.values().stream()
        .filter(op -> op.outcome() == null || op.outcome() == Outcome.INFO)
        .map(Operation::commandId)
        .toList();
  }

  /**
   * The history as tab-separated lines in time order: {@code <invoked> op <command id> <final
   * outcome> <completed> <first outcome> <first answered>} per command and {@code <at> fault
   * <what>} per fault.
   */
  synchronized List<String> lines() {
    List<String> lines = new ArrayList<>();
    operations.values().stream()
        .map(
            op ->
                op.invokedAt()
                    + "\top\t"
                    + op.commandId()
                    + "\t"
                    + op.outcome()
                    + "\t"
                    + op.completedAt()
                    + "\t"
                    + op.firstOutcome()
                    + "\t"
                    + op.firstAnsweredAt())
        .forEach(lines::add);
    faults.forEach(f -> lines.add(f.at() + "\tfault\t" + f.what()));
    lines.sort(null);
    return lines;
  }

  /**
   * How long the commands acknowledged at their first ask took, in milliseconds and ascending. A
   * command asked again after healing is left out: its wait is the drill's, not the platform's.
   */
  List<Long> firstAskOkMillis() {
    return firstAskOkMillis(operations.values().stream().toList());
  }

  /**
   * Availability per kind of fault: every command is counted under the latest fault struck before
   * it was invoked ({@code "none yet"} before the first).
   */
  synchronized List<AfterFault> byLatestFault() {
    NavigableMap<Instant, String> kinds = new TreeMap<>();
    faults.forEach(f -> kinds.put(f.at(), f.kind()));
    Map<String, List<Operation>> grouped =
        operations.values().stream()
            .collect(
                Collectors.groupingBy(
                    op -> {
                      var latest = kinds.floorEntry(op.invokedAt());
                      return latest == null ? "none yet" : latest.getValue();
                    },
                    TreeMap::new,
                    Collectors.toList()));
    return grouped.entrySet().stream()
        .map(e -> new AfterFault(e.getKey(), e.getValue().size(), firstAskOkMillis(e.getValue())))
        .toList();
  }

  private static List<Long> firstAskOkMillis(List<Operation> operations) {
    return operations.stream()
        .filter(Operation::okAtFirstAsk)
        .map(Operation::firstAnswerMillis)
        .sorted()
        .toList();
  }
}
