package gg.suggestions.deploy.bench;

import static org.assertj.core.api.Assertions.assertThat;

import gg.suggestions.deploy.PlatformProcess;
import gg.suggestions.deploy.bench.FootprintBench.Footprint;
import gg.suggestions.eventstore.contract.suggestion.SuggestionSubmitted;
import gg.suggestions.eventstore.topic.SuggestionTopics;
import gg.suggestions.testing.TestPostgres;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * How rebuilding grows with the log, on the three-broker local cluster: the event log is seeded
 * with the {@link EventMix} up to each size of {@code bench.scaleEvents} (1, 2, 5 and 10 M events),
 * and at each size the raw {@code read_committed} consumer reads it, {@code suggestionsctl rebuild
 * --all} rebuilds every projection in its own process (time, events/s, ratio to the raw consumer,
 * peak RSS sampled from {@code /proc}), and a query node starts on an empty database, bootstraps
 * its projections and answers a query (start to that answer, and its peak RSS). Writes {@code
 * target/bench/scale.md} and its JSON summary.
 */
class ScaleBench {

  private static final Path DIR = Path.of("target", "bench");
  private static final List<Long> SIZES =
      Arrays.stream(
              System.getProperty("bench.scaleEvents", "1000000,2000000,5000000,10000000")
                  .split(","))
          .map(String::strip)
          .map(Long::parseLong)
          .toList();
  private static final int GUILDS = Integer.getInteger("bench.guilds", 1_000);
  private static final String REBUILD_HEAP = System.getProperty("bench.rebuildHeap", "1g");
  private static final String NODE_HEAP = System.getProperty("bench.nodeHeap", "1g");
  private static final String TOKEN = "bench-" + UUID.randomUUID();

  @RegisterExtension static final TestPostgres postgres = new TestPostgres();

  private static BenchCluster cluster;
  private static final List<String> report = new ArrayList<>();

  @BeforeAll
  static void startCluster() throws Exception {
    cluster = BenchCluster.start(DIR);
    report.add("# Scale benchmark, " + Instant.now());
    report.add("");
    report.add("Machine: " + WritePathBench.machine());
    report.add("Cluster: 3 brokers (separate JVMs), RF 3, min.insync.replicas 2; PostgreSQL 17");
    report.add("(embedded); `suggestionsctl rebuild --all` and the platform node in their own");
    report.add("JVMs (-Xmx" + REBUILD_HEAP + " and -Xmx" + NODE_HEAP + "); all on this one host.");
    report.add("");
  }

  @AfterAll
  static void stopCluster() throws Exception {
    cluster.close();
    Files.createDirectories(DIR);
    Files.write(DIR.resolve("scale.md"), report);
    BenchSummary.write(DIR, "scale", BenchSummary.tables(report));
    System.out.println(String.join(System.lineSeparator(), report));
  }

  @Test
  void rebuildAndBootstrapAtEachSizeOfTheLog() throws Exception {
    EventMix mix = new EventMix(42, GUILDS);
    long[] seeded = {0};
    long[] submitted = {0};
    report.add(
        "| events | suggestions | raw consumer s | rebuild s | rebuild events/s | ratio to raw |"
            + " rebuild peak RSS MiB | fresh query node to ready and answering s | node peak RSS MiB |");
    report.add("|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
    for (long size : SIZES) {
      seed(mix, size - seeded[0], seeded, submitted);
      double raw = cluster.readAll(SuggestionTopics.EVENTS).seconds();
      String database = "scale_" + seeded[0];
      new JdbcTemplate(postgres.dataSource()).execute("CREATE DATABASE " + database);
      String url = postgres.jdbcUrl().replace("/postgres?", "/" + database + "?");
      Run rebuild = rebuild(url, size);
      assertThat(count(url, "SELECT count(*) FROM p_suggestions.suggestion"))
          .isEqualTo(submitted[0]);
      new JdbcTemplate(postgres.dataSource()).execute("DROP DATABASE " + database);
      new JdbcTemplate(postgres.dataSource()).execute("CREATE DATABASE " + database);
      Run node = freshNode(url, size);
      assertThat(count(url, "SELECT count(*) FROM p_suggestions.suggestion"))
          .isEqualTo(submitted[0]);
      new JdbcTemplate(postgres.dataSource()).execute("DROP DATABASE " + database);
      report.add(
          String.format(
              "| %,d | %,d | %.1f | %.1f | %,.0f | %.2f | %,.0f | %.1f | %,.0f |",
              seeded[0],
              submitted[0],
              raw,
              rebuild.seconds(),
              seeded[0] / rebuild.seconds(),
              raw / rebuild.seconds(),
              rebuild.peakKb() / 1024.0,
              node.seconds(),
              node.peakKb() / 1024.0));
    }
    report.add("");
    report.add(
        "Ratio to raw: the raw consumer's time over the rebuild's, both over the same log in the same"
            + " run (1.0 would be a rebuild as fast as reading the log). The rebuild's time is the"
            + " whole command: JVM start, read, fold, COPY, indexes, token and swap. The fresh"
            + " node's: a query node (SUGGESTIONS_SERVICES=query) from its start on an empty"
            + " database until readiness answers 200 (every projection bootstrapped and live)"
            + " and a query of the API has been answered.");
  }

  private static void seed(EventMix mix, long count, long[] seeded, long[] submitted) {
    if (count > 0) {
      cluster.seed(
          mix,
          count,
          event -> {
            seeded[0]++;
            submitted[0] += event.payload() instanceof SuggestionSubmitted ? 1 : 0;
          });
    }
  }

  private record Run(double seconds, long peakKb) {}

  private static Run rebuild(String url, long size) throws Exception {
    CtlRebuild.Run run =
        CtlRebuild.run(
            cluster.bootstrapServers(),
            postgres,
            url,
            REBUILD_HEAP,
            DIR.resolve("scale-rebuild-" + size + ".log"));
    return new Run(run.seconds(), run.peakKb());
  }

  /** A platform node started on the empty database {@code url}, until it is ready. */
  private static Run freshNode(String url, long size) throws Exception {
    Path data = DIR.resolve("scale-node");
    BenchCluster.deleteRecursively(data);
    long began = System.nanoTime();
    PlatformProcess node =
        PlatformProcess.start(
            DIR.resolve("scale-node-" + size + ".log"),
            NODE_HEAP,
            Map.of(
                "SUGGESTIONS_KAFKA_BOOTSTRAP_SERVERS",
                cluster.bootstrapServers(),
                "SUGGESTIONS_DB_URL",
                url,
                "SUGGESTIONS_DB_USER",
                postgres.user(),
                "SUGGESTIONS_DATA_DIR",
                data.toString(),
                "SUGGESTIONS_API_TOKEN",
                TOKEN,
                // A query node: the one that answers queries, and bootstraps the projections.
                "SUGGESTIONS_SERVICES",
                "query"));
    try {
      long[] peakKb = {0};
      Thread sampler =
          new Thread(
              () -> {
                while (node.isAlive()) {
                  try {
                    peakKb[0] = Math.max(peakKb[0], Footprint.of("node", node.pid()).hwmKb());
                    Thread.sleep(200);
                  } catch (InterruptedException e) {
                    return;
                  } catch (RuntimeException e) {
                    return; // Gone meanwhile.
                  }
                }
              });
      sampler.setDaemon(true);
      sampler.start();
      String baseUrl = node.awaitServing(Duration.ofMinutes(30));
      var answer =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(
                          URI.create(baseUrl + "/guilds/" + EventMix.guild(0) + "/suggestions"))
                      .header("Authorization", "Bearer " + TOKEN)
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
      double seconds = seconds(began);
      assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
      sampler.interrupt();
      sampler.join();
      return new Run(seconds, Math.max(peakKb[0], Footprint.of("node", node.pid()).hwmKb()));
    } finally {
      node.kill();
    }
  }

  private static long count(String url, String sql) throws Exception {
    try (var c = java.sql.DriverManager.getConnection(url, postgres.user(), null);
        var statement = c.createStatement();
        var rows = statement.executeQuery(sql)) {
      rows.next();
      return rows.getLong(1);
    }
  }

  private static double seconds(long began) {
    return (System.nanoTime() - began) / 1e9;
  }
}
