package gg.suggestions.deploy.bench;

import static org.assertj.core.api.Assertions.assertThat;

import gg.suggestions.deploy.PlatformProcess;
import gg.suggestions.eventstore.contract.suggestion.SuggestionSubmitted;
import gg.suggestions.testing.TestPostgres;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The memory footprint at 2 M events, on the three-broker local cluster: seeds the event log with
 * the {@link EventMix}, rebuilds every projection into a fresh database with {@code suggestionsctl
 * rebuild --all} (its own process; its peak RSS is sampled), starts one platform node on it (the
 * node catches its command replica up from the log), warms the command path, and then reads each
 * process's resident set from {@code /proc}: every broker, the platform node, and PostgreSQL
 * (postmaster and backends). Writes {@code target/bench/footprint.md}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FootprintBench {

  private static final Path DIR = Path.of("target", "bench");
  private static final long EVENTS = Long.getLong("bench.footprintEvents", 2_000_000);
  private static final int GUILDS = Integer.getInteger("bench.guilds", 1_000);
  private static final String TOKEN = "bench-" + UUID.randomUUID();
  private static final String DATABASE = "footprint";

  /** The platform node's heap ({@code -Xmx}). */
  private static final String HEAP = System.getProperty("bench.footprintHeap", "384m");

  /** The heap of {@code suggestionsctl rebuild}: each of its workers holds one partition's rows. */
  private static final String REBUILD_HEAP = System.getProperty("bench.rebuildHeap", "3g");

  @RegisterExtension static final TestPostgres postgres = new TestPostgres();

  private static BenchCluster cluster;
  private static PlatformProcess platform;
  private static final List<String> report = new ArrayList<>();
  private static long seeded;
  private static long submitted;

  @BeforeAll
  static void startCluster() throws Exception {
    cluster = BenchCluster.start(DIR);
    report.add("# Footprint benchmark, " + Instant.now());
    report.add("");
    report.add("Machine: " + WritePathBench.machine());
    report.add("Cluster: 3 brokers (separate JVMs), RF 3, min.insync.replicas 2; one platform");
    report.add(
        "node (its own JVM) on a fresh database of PostgreSQL 17 (embedded); all on this host.");
    report.add("");
  }

  @AfterAll
  static void stopCluster() throws Exception {
    try {
      if (platform != null) {
        platform.kill(); // The figures are taken by now.
      }
    } finally {
      cluster.close();
      Files.createDirectories(DIR);
      Files.write(DIR.resolve("footprint.md"), report);
      BenchSummary.write(DIR, "footprint", BenchSummary.tables(report));
      System.out.println(String.join(System.lineSeparator(), report));
    }
  }

  @Test
  @Order(1)
  void seedsTheLog() {
    long began = System.nanoTime();
    cluster.seed(
        new EventMix(42, GUILDS),
        EVENTS,
        event -> {
          seeded++;
          submitted += event.payload() instanceof SuggestionSubmitted ? 1 : 0;
        });
    report.add(
        String.format(
            "The log: %,d events (%,d suggestions) over %,d guilds, seeded in %.0f s.",
            seeded, submitted, GUILDS, seconds(began)));
    assertThat(seeded).isGreaterThanOrEqualTo(EVENTS);
  }

  @Test
  @Order(2)
  void rebuildsTheProjectionsThenStartsANodeOnThem() throws Exception {
    new JdbcTemplate(postgres.dataSource()).execute("CREATE DATABASE " + DATABASE);
    String url = postgres.jdbcUrl().replace("/postgres?", "/" + DATABASE + "?");
    BenchCluster.deleteRecursively(DIR.resolve("footprint-node"));
    // The operator's path for a large log: a shadow rebuild by suggestionsctl, its own process.
    CtlRebuild.Run rebuild =
        CtlRebuild.run(
            cluster.bootstrapServers(),
            postgres,
            url,
            REBUILD_HEAP,
            DIR.resolve("footprint-rebuild.log"));
    report.add(
        String.format(
            "`suggestionsctl rebuild --all` (shadow) at -Xmx%s: %.0f s, peak RSS %,.0f MiB.",
            REBUILD_HEAP, rebuild.seconds(), rebuild.peakKb() / 1024.0));

    long began = System.nanoTime();
    platform =
        PlatformProcess.start(
            DIR.resolve("footprint-node.log"),
            HEAP,
            Map.of(
                "SUGGESTIONS_KAFKA_BOOTSTRAP_SERVERS", cluster.bootstrapServers(),
                "SUGGESTIONS_DB_URL", url,
                "SUGGESTIONS_DB_USER", postgres.user(),
                "SUGGESTIONS_DATA_DIR", DIR.resolve("footprint-node").toString(),
                "SUGGESTIONS_API_TOKEN", TOKEN));
    String baseUrl = platform.awaitServing(Duration.ofMinutes(30));
    assertThat(suggestionRows(url)).isEqualTo(submitted);
    report.add(
        String.format(
            "A node on the rebuilt projections, at -Xmx%s: start to ready in %.0f s.",
            HEAP, seconds(began)));
    CommandLoad.Result burst =
        CommandLoad.run(
            4,
            Duration.ofSeconds(3),
            Duration.ofSeconds(10),
            CommandLoad.http(baseUrl, TOKEN, 1_200));
    report.add(
        String.format(
            "Warm-up burst through POST /commands: %,d commands in 10 s by 4 clients, p50 %.1f ms.",
            burst.completed(), burst.p50Ms()));
    report.add("");
    assertThat(burst.failures()).isEmpty();
  }

  @Test
  @Order(3)
  void readsTheResidentSetOfEveryProcess() throws Exception {
    List<Footprint> processes = new ArrayList<>();
    if (cluster.dir() != null) {
      for (int n = 1; n <= 3; n++) {
        processes.add(Footprint.of("broker " + n, cluster.brokerPid(n)));
      }
    }
    processes.add(Footprint.of("platform node", platform.pid()));
    List<Footprint> database = postgresProcesses();
    report.add("## Resident memory (MiB), after the rebuild and the burst");
    report.add("");
    report.add("| process | pid | -Xmx | VmRSS | VmHWM (peak) | Pss | RssAnon |");
    report.add("|---|---:|---:|---:|---:|---:|---:|");
    processes.forEach(p -> report.add(p.row()));
    Footprint db =
        Footprint.sum("PostgreSQL (postmaster + " + (database.size() - 1) + ")", database);
    report.add(db.row());
    processes.add(db);
    report.add(Footprint.sum("**all**", processes).row());
    report.add("");
    report.add(
        "VmRSS counts shared pages (PostgreSQL's shared buffers, the JVMs' mapped jars) in every"
            + " process that maps them; Pss divides them among the sharers, so its sum is the"
            + " fair total. VmHWM is each process's peak RSS; a sum of peaks is an upper bound.");
    report.add("");
    report.add("PostgreSQL's processes (shared_buffers " + setting("shared_buffers") + "):");
    report.add("");
    report.add("| process | pid | VmRSS | VmHWM | Pss |");
    report.add("|---|---:|---:|---:|---:|");
    database.forEach(p -> report.add(p.shortRow()));
    assertThat(processes).allMatch(p -> p.rssKb() > 0);
  }

  private static long suggestionRows(String url) throws Exception {
    try (Connection db = DriverManager.getConnection(url, postgres.user(), null);
        ResultSet r =
            db.createStatement().executeQuery("SELECT count(*) FROM p_suggestions.suggestion")) {
      r.next();
      return r.getLong(1);
    }
  }

  /** The postmaster is the parent of any backend; its children are the rest of the server. */
  private static List<Footprint> postgresProcesses() throws Exception {
    ProcessHandle postmaster;
    try (Connection db = postgres.dataSource().getConnection();
        ResultSet r = db.createStatement().executeQuery("SELECT pg_backend_pid()")) {
      r.next();
      postmaster = ProcessHandle.of(r.getLong(1)).flatMap(ProcessHandle::parent).orElseThrow();
    }
    List<Footprint> processes = new ArrayList<>();
    processes.add(Footprint.of("postmaster", postmaster.pid()));
    postmaster
        .descendants()
        .forEach(p -> processes.add(Footprint.of(Footprint.commandLine(p.pid()), p.pid())));
    return processes;
  }

  private static String setting(String name) {
    return new JdbcTemplate(postgres.dataSource()).queryForObject("SHOW " + name, String.class);
  }

  /** One process's memory from {@code /proc}, in KiB. */
  record Footprint(
      String name, long pid, String heap, long rssKb, long hwmKb, long pssKb, long anonKb) {

    static Footprint of(String name, long pid) {
      Map<String, Long> status = kilobytes(Path.of("/proc", Long.toString(pid), "status"));
      Map<String, Long> rollup = kilobytes(Path.of("/proc", Long.toString(pid), "smaps_rollup"));
      String heap =
          Arrays.stream(commandLine(pid).split(" "))
              .filter(a -> a.startsWith("-Xmx"))
              .reduce((first, last) -> last)
              .map(a -> a.substring(4))
              .orElse(name.startsWith("broker") || name.startsWith("platform") ? "default" : "");
      return new Footprint(
          name,
          pid,
          heap,
          status.getOrDefault("VmRSS", 0L),
          status.getOrDefault("VmHWM", 0L),
          rollup.getOrDefault("Pss", 0L),
          status.getOrDefault("RssAnon", 0L));
    }

    static Footprint sum(String name, List<Footprint> parts) {
      return new Footprint(
          name,
          0,
          "",
          parts.stream().mapToLong(Footprint::rssKb).sum(),
          parts.stream().mapToLong(Footprint::hwmKb).sum(),
          parts.stream().mapToLong(Footprint::pssKb).sum(),
          parts.stream().mapToLong(Footprint::anonKb).sum());
    }

    static String commandLine(long pid) {
      try {
        byte[] raw = Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cmdline"));
        return new String(raw, StandardCharsets.UTF_8).replace('\0', ' ').strip();
      } catch (IOException gone) {
        return "";
      }
    }

    String row() {
      return String.format(
          "| %s | %s | %s | %,.0f | %,.0f | %,.0f | %,.0f |",
          name, pid == 0 ? "" : pid, heap, mib(rssKb), mib(hwmKb), mib(pssKb), mib(anonKb));
    }

    String shortRow() {
      String title = name.length() > 70 ? name.substring(0, 70) + "…" : name;
      return String.format(
          "| %s | %d | %,.1f | %,.1f | %,.1f |", title, pid, mib(rssKb), mib(hwmKb), mib(pssKb));
    }

    private static double mib(long kb) {
      return kb / 1024.0;
    }

    /** Lines like {@code VmRSS: 123456 kB}; missing files (a process gone) read as empty. */
    private static Map<String, Long> kilobytes(Path file) {
      Map<String, Long> values = new HashMap<>();
      List<String> lines;
      try {
        lines = Files.readAllLines(file);
      } catch (IOException gone) {
        return values;
      }
      for (String line : lines) {
        String[] parts = line.trim().split("\\s+");
        if (parts.length == 3 && parts[2].equals("kB") && parts[0].endsWith(":")) {
          values.put(parts[0].substring(0, parts[0].length() - 1), Long.parseLong(parts[1]));
        }
      }
      return values;
    }
  }

  private static double seconds(long began) {
    return (System.nanoTime() - began) / 1e9;
  }
}
