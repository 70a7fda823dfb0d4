package gg.suggestions.deploy.drill;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

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

  record Operation(String commandId, Instant invokedAt, Outcome outcome, Instant completedAt) {}

  record Fault(Instant at, String what) {}

  private final Map<String, Operation> operations = new ConcurrentHashMap<>();
  private final List<Fault> faults = new ArrayList<>();
  private final AtomicLong infos = new AtomicLong();
  private final List<Long> firstAskOkMillis = new ArrayList<>();

  void invoke(String commandId) {
    operations.put(commandId, new Operation(commandId, Instant.now(), null, null));
  }

  void complete(String commandId, Outcome outcome) {
    if (outcome == Outcome.INFO) {
      infos.incrementAndGet();
    }
    operations.computeIfPresent(
        commandId,
        (id, op) -> {
          Instant now = Instant.now();
          if (op.outcome() == null && outcome == Outcome.OK) {
            synchronized (firstAskOkMillis) {
              firstAskOkMillis.add(Duration.between(op.invokedAt(), now).toMillis());
            }
          }
          return new Operation(id, op.invokedAt(), outcome, now);
        });
  }

  synchronized void fault(String what) {
    faults.add(new Fault(Instant.now(), what));
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
   * outcome> <completed>} per command and {@code <at> fault <what>} per fault.
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
                    + op.completedAt())
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
    synchronized (firstAskOkMillis) {
      return firstAskOkMillis.stream().sorted().toList();
    }
  }
}
