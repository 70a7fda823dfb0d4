package gg.suggestions.deploy.drill;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

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

  /**
   * A fault: its kind (one name per kind of fault), what exactly was done, and when it was over
   * (the broker or database back, the node restarted); {@code null} while it lasts.
   */
  record Fault(Instant at, String kind, String what, Instant over) {}

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
    faults.add(new Fault(now.get(), kind, what, null));
  }

  /** The latest fault is over: what it broke is back. */
  synchronized void faultOver() {
    int last = faults.size() - 1;
    Fault fault = faults.get(last);
    faults.set(last, new Fault(fault.at(), fault.kind(), fault.what(), now.get()));
  }

  /**
   * A history read back from its {@link #lines()}. Lines of earlier runs name no kind for their
   * faults; it is told from what was done.
   */
  static History read(List<String> lines) {
    History history = new History();
    for (String line : lines) {
      String[] f = line.split("\t", -1);
      if (f.length < 3) {
        continue;
      }
      Instant at = Instant.parse(f[0]);
      if (f[1].equals("fault")) {
        String kind = f.length > 3 ? f[3] : kindOf(f[2]);
        Instant over = f.length > 4 && !f[4].equals("null") ? Instant.parse(f[4]) : null;
        history.faults.add(new Fault(at, kind, f[2], over));
      } else if (f[1].equals("op") && f.length >= 7) {
        history.operations.put(
            f[2],
            new Operation(f[2], at, outcome(f[5]), instant(f[6]), outcome(f[3]), instant(f[4])));
      }
    }
    return history;
  }

  private static Outcome outcome(String name) {
    return name.equals("null") ? null : Outcome.valueOf(name);
  }

  private static Instant instant(String text) {
    return text.equals("null") ? null : Instant.parse(text);
  }

  /** Fault kinds by how earlier runs described what was done, the more specific first. */
  private static final Map<String, String> KINDS_BY_WHAT = new LinkedHashMap<>();

  static {
    KINDS_BY_WHAT.put("kill -9 brokers", "QUORUM_LOST");
    KINDS_BY_WHAT.put("kill -9 broker", "KILL_BROKER");
    KINDS_BY_WHAT.put("kill -9 controller leader", "KILL_CONTROLLER_LEADER");
    KINDS_BY_WHAT.put("SIGSTOP", "PAUSE_BROKER");
    KINDS_BY_WHAT.put("network partition", "PARTITION_BROKER");
    KINDS_BY_WHAT.put("kill -9 PostgreSQL", "KILL_POSTGRES");
    KINDS_BY_WHAT.put("kill -9 query", "KILL_QUERY_NODE");
    KINDS_BY_WHAT.put("kill -9 command", "KILL_COMMAND_NODE");
  }

  /** The kind of a fault recorded before kinds were written down, from what was done. */
  static String kindOf(String what) {
    return KINDS_BY_WHAT.entrySet().stream()
        .filter(e -> what.startsWith(e.getKey()))
        .map(Map.Entry::getValue)
        .findFirst()
        .orElse("UNKNOWN");
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
   * outcome> <completed> <first outcome> <first answered>} per command and {@code <at> fault <what>
   * <kind> <over>} per fault.
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
    faults.forEach(
        f -> lines.add(f.at() + "\tfault\t" + f.what() + "\t" + f.kind() + "\t" + f.over()));
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

  /** How long those of {@code operations} acknowledged at their first ask took, ascending. */
  static List<Long> firstAskOkMillis(List<Operation> operations) {
    return operations.stream()
        .filter(Operation::okAtFirstAsk)
        .map(Operation::firstAnswerMillis)
        .sorted()
        .toList();
  }
}
