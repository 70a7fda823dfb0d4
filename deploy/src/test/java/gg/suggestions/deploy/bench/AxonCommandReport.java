package gg.suggestions.deploy.bench;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The markdown report: setup, one table of all runs, and ours over Axon per client count. */
final class AxonCommandReport {

  private AxonCommandReport() {}

  static List<String> render(
      Map<String, List<CommandLoad.Result>> runs, List<String> settings, int clients, int guilds) {
    List<String> out = new ArrayList<>();
    out.add("# Commands end to end: ours against stock Axon, " + Instant.now());
    out.add("");
    out.add("Machine: " + WritePathBench.machine());
    out.add("");
    out.add(
        String.format(
            "Closed loops of 1 and %d callers, SetGuildToggle by an administrator over %,d guilds;"
                + " latency from send to outcome.",
            clients, guilds));
    out.add("");
    out.add(
        "- **ours**: CommandRequester (acks=all, idempotent, linger 0) → commands topic →"
            + " command loop (batched transactions, up to 500 commands) → events, reply and"
            + " interaction in one Kafka transaction, replica row in PostgreSQL → reply read"
            + " `read_committed`. 3 brokers (separate JVMs), RF 3, min.insync.replicas 2;"
            + " platform runs the command service only (SUGGESTIONS_SERVICES=command).");
    out.add(
        "- **stock Axon**: in-process `CommandGateway.sendAndWait` → SimpleCommandBus (Spring"
            + " transaction per command) → same interceptors → AggregateAnnotationCommandHandler →"
            + " EventSourcingRepository (EventCountSnapshotTrigger 100) → JdbcEventStorageEngine"
            + " on embedded PostgreSQL 17, Hikari pool of callers + 2.");
    out.add(
        "- Same aggregate class (GuildConfig), same ModeratorsOnly interceptor, same serializer.");
    out.add("");
    out.add("PostgreSQL settings as each path's sessions saw them:");
    out.add("");
    settings.forEach(s -> out.add("- " + s));
    out.add("");
    out.add("| path " + CommandLoad.HEADER.get(0));
    out.add("|---" + CommandLoad.HEADER.get(1));
    runs.forEach((path, results) -> results.forEach(r -> out.add("| " + path + " " + r.row())));
    out.add("");
    ratios(runs, out);
    return out;
  }

  /** Ours over one stock Axon path, for the same number of callers. */
  private record Ratio(String anchor, int clients, double throughput, double p50, double p99) {}

  /** Every ratio of ours over a stock Axon path measured in the same run. */
  private static List<Ratio> ratios(Map<String, List<CommandLoad.Result>> runs) {
    List<CommandLoad.Result> ours = runs.getOrDefault(AxonCommandBench.OURS, List.of());
    List<Ratio> ratios = new ArrayList<>();
    runs.forEach(
        (path, axon) -> {
          if (path.startsWith(AxonCommandBench.OURS)) {
            return;
          }
          for (int i = 0; i < Math.min(ours.size(), axon.size()); i++) {
            CommandLoad.Result o = ours.get(i);
            CommandLoad.Result a = axon.get(i);
            ratios.add(
                new Ratio(
                    path,
                    o.clients(),
                    o.commandsPerSecond() / a.commandsPerSecond(),
                    o.p50Ms() / a.p50Ms(),
                    o.p99Ms() / a.p99Ms()));
          }
        });
    return ratios;
  }

  /**
   * The machine-readable summary: every path's figures, and ours over each stock Axon path for the
   * same number of callers.
   */
  static Map<String, Object> json(
      Map<String, List<CommandLoad.Result>> runs, List<String> settings) {
    Map<String, Object> paths = new LinkedHashMap<>();
    runs.forEach(
        (path, results) -> paths.put(path, results.stream().map(BenchSummary::of).toList()));
    Map<String, Object> ratios = new LinkedHashMap<>();
    for (Ratio r : ratios(runs)) {
      ratios.put(
          "ours over " + r.anchor() + ", " + r.clients() + " callers",
          Map.of(
              "throughput", BenchSummary.round(r.throughput()),
              "p50", BenchSummary.round(r.p50()),
              "p99", BenchSummary.round(r.p99())));
    }
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("settings", settings);
    json.put("paths", paths);
    json.put("ratios", ratios);
    return json;
  }

  private static void ratios(Map<String, List<CommandLoad.Result>> runs, List<String> out) {
    if (!runs.containsKey(AxonCommandBench.OURS)) {
      out.add("(ours did not run: no ratios)");
      return;
    }
    out.add("| ours against | clients | throughput ours/Axon | p50 ours/Axon | p99 ours/Axon |");
    out.add("|---|---:|---:|---:|---:|");
    for (Ratio r : ratios(runs)) {
      out.add(
          String.format(
              "| %s | %d | %.3f | %.1f× | %.1f× |",
              r.anchor(), r.clients(), r.throughput(), r.p50(), r.p99()));
    }
  }
}
