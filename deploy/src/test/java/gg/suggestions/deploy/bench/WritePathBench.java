package gg.suggestions.deploy.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import gg.suggestions.deploy.PlatformProcess;
import gg.suggestions.testing.TestPostgres;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
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

/**
 * The write path's benchmark, on the three-broker local cluster: appends through the storage engine
 * against Kafka's own ProducerPerformance, then commands through {@code POST /commands} with one
 * transaction per command and with batched transactions. Writes {@code target/bench/write-path.md}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class WritePathBench {

  private static final Path DIR = Path.of("target", "bench");
  private static final int APPEND_EVENTS = Integer.getInteger("bench.appendEvents", 200_000);
  private static final int APPEND_BATCH = 200;
  private static final int AGGREGATES_PER_PARTITION =
      Integer.getInteger("bench.aggregatesPerPartition", 100);
  private static final Duration MEASURED =
      Duration.ofSeconds(Long.getLong("bench.commandSeconds", 30));
  private static final int CLIENTS = Integer.getInteger("bench.clients", 32);
  private static final String TOKEN = "bench-" + UUID.randomUUID();

  @RegisterExtension static final TestPostgres postgres = new TestPostgres();

  private static BenchCluster cluster;
  private static final List<String> report = new ArrayList<>();
  private static final Map<String, Object> json = new LinkedHashMap<>();

  @BeforeAll
  static void startCluster() throws Exception {
    cluster = BenchCluster.start(DIR);
    report.add("# Write path benchmark, " + Instant.now());
    report.add("");
    report.add("Machine: " + machine());
    report.add(
        "Cluster: 3 brokers (separate JVMs, 256 MB heap each), RF 3, min.insync.replicas 2,");
    report.add("all on this one host (one disk, one page cache).");
    report.add("");
  }

  @AfterAll
  static void stopCluster() throws Exception {
    cluster.close();
    Files.createDirectories(DIR);
    Files.write(DIR.resolve("write-path.md"), report);
    BenchSummary.write(DIR, "write-path", json);
    System.out.println(String.join(System.lineSeparator(), report));
  }

  @Test
  @Order(1)
  void appendsThroughTheEngineAgainstProducerPerformance() throws Exception {
    cluster.createEventLikeTopic("bench.engine");
    cluster.createEventLikeTopic("bench.raw");
    cluster.createEventLikeTopic("bench.raw-txn");
    var pool = new HikariDataSource();
    pool.setJdbcUrl(postgres.jdbcUrl());
    pool.setUsername(postgres.user());
    var bench = new AppendBench(cluster.bootstrapServers(), pool, "bench.engine");
    // Warm-up first: JIT, connections, replica.
    bench.run(APPEND_EVENTS / 10, APPEND_BATCH, AGGREGATES_PER_PARTITION, true);
    AppendBench.Result engine =
        bench.run(APPEND_EVENTS, APPEND_BATCH, AGGREGATES_PER_PARTITION, false);
    AppendBench.Result parallel =
        bench.run(APPEND_EVENTS, APPEND_BATCH, AGGREGATES_PER_PARTITION, true);
    int size = engine.averageRecordBytes();
    var raw =
        ProducerPerformanceRun.run(
            cluster.bootstrapServers(),
            "bench.raw",
            APPEND_EVENTS,
            size,
            null,
            0,
            DIR.resolve("producer-performance.log"));
    var rawTxn =
        ProducerPerformanceRun.run(
            cluster.bootstrapServers(),
            "bench.raw-txn",
            APPEND_EVENTS,
            size,
            "bench-pp",
            100,
            DIR.resolve("producer-performance-txn.log"));

    report.add(
        "## Appends ("
            + APPEND_EVENTS
            + " events of "
            + size
            + " bytes, over "
            + AGGREGATES_PER_PARTITION
            + " aggregates per partition)");
    report.add("");
    report.add("| path | events/s | ratio to raw producer |");
    report.add("|---|---:|---:|");
    row("Kafka ProducerPerformance, acks=all, idempotent", raw.recordsPerSecond(), raw);
    row(
        "Kafka ProducerPerformance, transactional (commit every 100 ms)",
        rawTxn.recordsPerSecond(),
        raw);
    row(
        "engine: check + send + commit, " + APPEND_BATCH + " events per transaction",
        engine.engineEventsPerSecond(),
        raw);
    row("engine + replica write (the loop's whole append path)", engine.eventsPerSecond(), raw);
    row(
        "engine + replica write, 12 partitions in parallel (as the loop runs them)",
        parallel.eventsPerSecond(),
        raw);
    report.add("");
    report.add("ProducerPerformance: `" + raw.line() + "`");
    report.add("");
    assertThat(engine.eventsPerSecond()).isPositive();
  }

  @Test
  @Order(2)
  void commandsThroughHttpOneTransactionEach() throws Exception {
    commandsThroughHttp("one transaction per command", 1);
  }

  @Test
  @Order(3)
  void commandsThroughHttpInBatchedTransactions() throws Exception {
    commandsThroughHttp("batched transactions (up to 500 commands)", 500);
  }

  private void commandsThroughHttp(String mode, int maxBatch) throws Exception {
    String name = "platform-batch-" + maxBatch;
    BenchCluster.deleteRecursively(DIR.resolve(name)); // Its replica would mirror an older cluster.
    var platform =
        PlatformProcess.start(
            DIR.resolve(name + ".log"),
            Map.of(
                "SUGGESTIONS_KAFKA_BOOTSTRAP_SERVERS", cluster.bootstrapServers(),
                "SUGGESTIONS_DATA_DIR", DIR.resolve(name).toString(),
                "SUGGESTIONS_EMBEDDED_POSTGRES_PORT", String.valueOf(freePort()),
                "SUGGESTIONS_API_TOKEN", TOKEN,
                "SUGGESTIONS_COMMAND_MAX_BATCH", String.valueOf(maxBatch)));
    try {
      String baseUrl = platform.awaitServing(Duration.ofMinutes(3));
      CommandLoad.Step load = CommandLoad.http(baseUrl, TOKEN, 1_200);
      CommandLoad.Result single =
          CommandLoad.run(1, Duration.ofSeconds(5), MEASURED.dividedBy(2), load);
      CommandLoad.Result loaded = CommandLoad.run(CLIENTS, Duration.ofSeconds(5), MEASURED, load);

      report.add("## Commands through POST /commands: " + mode);
      report.add("");
      report.addAll(CommandLoad.HEADER);
      report.add(single.row());
      report.add(loaded.row());
      json.put(
          "POST /commands, " + mode, List.of(BenchSummary.of(single), BenchSummary.of(loaded)));
      report.add("");
      assertThat(single.failures()).isEmpty();
      assertThat(loaded.failures()).isEmpty();
      assertThat(loaded.completed()).isPositive();
    } finally {
      platform.stop();
    }
  }

  private static void row(String path, double eventsPerSecond, ProducerPerformanceRun.Result raw) {
    json.put(
        path,
        Map.of(
            "eventsPerSecond", BenchSummary.round(eventsPerSecond),
            "ratioToProducerPerformance",
                BenchSummary.round(eventsPerSecond / raw.recordsPerSecond())));
    report.add(
        String.format(
            "| %s | %,.0f | %.2f |",
            path, eventsPerSecond, eventsPerSecond / raw.recordsPerSecond()));
  }

  static String machine() {
    var os = ManagementFactory.getOperatingSystemMXBean();
    long memory = ((com.sun.management.OperatingSystemMXBean) os).getTotalMemorySize() / (1 << 20);
    return String.format(
        "%d cores, %,d MiB, %s %s, Java %s",
        os.getAvailableProcessors(),
        memory,
        os.getName(),
        os.getVersion(),
        System.getProperty("java.version"));
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
