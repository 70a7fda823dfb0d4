package gg.suggestions.deploy.bench;

import static org.assertj.core.api.Assertions.assertThat;

import gg.suggestions.deploy.PlatformProcess;
import gg.suggestions.eventstore.contract.suggestion.SuggestionKey;
import gg.suggestions.eventstore.contract.suggestion.SuggestionSubmitted;
import gg.suggestions.testing.TestPostgres;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * Every console page with a large log behind it: the three-broker cluster is seeded with {@code
 * bench.consoleEvents} events of the {@link EventMix} (2 M by default), a node hosting the command
 * and query services starts on an empty database, and once its projections are ready and its
 * command replica (which the event browser reads) holds every event, each page is fetched over HTTP
 * as a signed-in operator: one warm-up, then {@code bench.consoleRepeats} timed fetches (send to
 * the last byte of the page). Each answer must be 200 and show what the page is for. Writes {@code
 * target/bench/console.md} and its JSON summary.
 */
class ConsoleBench {

  private static final Path DIR = Path.of("target", "bench");
  private static final long EVENTS = Long.getLong("bench.consoleEvents", 2_000_000);
  private static final int REPEATS = Integer.getInteger("bench.consoleRepeats", 20);
  private static final int GUILDS = Integer.getInteger("bench.guilds", 1_000);
  private static final String TOKEN = "bench-" + UUID.randomUUID();

  @RegisterExtension static final TestPostgres postgres = new TestPostgres();

  private static BenchCluster cluster;
  private static final List<String> report = new ArrayList<>();

  @BeforeAll
  static void startCluster() throws Exception {
    cluster = BenchCluster.start(DIR);
    report.add("# Console benchmark, " + Instant.now());
    report.add("");
    report.add("Machine: " + WritePathBench.machine());
    report.add("Cluster: 3 brokers (separate JVMs), RF 3, min.insync.replicas 2; PostgreSQL 17");
    report.add("(embedded); one platform node (command and query services, -Xmx1g); one host.");
    report.add("");
  }

  @AfterAll
  static void stopCluster() throws Exception {
    cluster.close();
    Files.createDirectories(DIR);
    Files.write(DIR.resolve("console.md"), report);
    BenchSummary.write(DIR, "console", BenchSummary.tables(report));
    System.out.println(String.join(System.lineSeparator(), report));
  }

  @Test
  void everyPageAnswersWithTheWholeLogBehindIt() throws Exception {
    EventMix mix = new EventMix(42, GUILDS);
    long[] seeded = {0};
    String[] aSuggestion = {null};
    cluster.seed(
        mix,
        EVENTS,
        event -> {
          seeded[0]++;
          // One suggestion of guild 0 from the middle of the log, to open and to filter by.
          if (event.payload() instanceof SuggestionSubmitted s
              && s.guildId().equals(EventMix.guild(0))
              && (aSuggestion[0] == null || seeded[0] < EVENTS / 2)) {
            aSuggestion[0] = s.suggestionId();
          }
        });
    String database = "console_bench";
    new JdbcTemplate(postgres.dataSource()).execute("CREATE DATABASE " + database);
    String url = postgres.jdbcUrl().replace("/postgres?", "/" + database + "?");
    Path data = DIR.resolve("console-node");
    BenchCluster.deleteRecursively(data);
    long began = System.nanoTime();
    PlatformProcess node =
        PlatformProcess.start(
            DIR.resolve("console-node.log"),
            "1g",
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
                "SUGGESTIONS_SERVICES",
                "command,query"));
    try {
      String base = node.awaitServing(Duration.ofMinutes(30));
      double ready = seconds(began);
      JdbcTemplate replica =
          new JdbcTemplate(new DriverManagerDataSource(url, postgres.user(), null));
      long replicated = 0;
      while (replicated < seeded[0]) {
        Thread.sleep(2_000);
        replicated = replicaCount(replica);
        assertThat(node.isAlive()).as("the node is running").isTrue();
        assertThat(seconds(began)).as("replica caught up within 30 minutes").isLessThan(1_800);
      }
      double replicaSeconds = seconds(began);
      report.add(
          String.format(
              "Log: %,d events of %,d guilds. Node from start to ready: %.1f s; command replica"
                  + " holding every event: %.1f s after start.",
              seeded[0], GUILDS, ready, replicaSeconds));
      report.add("");
      measure(base, replica, aSuggestion[0]);
    } finally {
      node.kill();
    }
  }

  private static void measure(String base, JdbcTemplate replica, String suggestion)
      throws Exception {
    String guild = EventMix.guild(0);
    String aggregate = SuggestionKey.of(guild, suggestion);
    long newest =
        replica.queryForObject("SELECT max(global_index) FROM cmd.domain_event_entry", Long.class);
    String middle =
        replica.queryForObject(
            "SELECT time_stamp FROM cmd.domain_event_entry WHERE global_index = ?",
            String.class,
            replica.queryForObject(
                "SELECT global_index FROM cmd.domain_event_entry ORDER BY global_index"
                    + " OFFSET ? LIMIT 1",
                Long.class,
                EVENTS / 2));
    // Page -> text that shows the page did its job (a row, a chart, a table).
    Map<String, String> pages = new LinkedHashMap<>();
    pages.put("/console", "projections caught up");
    pages.put("/console/projections", "suggestions");
    pages.put("/console/projections/suggestions/dead-letters", "suggestions");
    pages.put("/console/suggestions?guild=" + guild + "&state=PENDING", "Idea number");
    pages.put("/console/suggestions?guild=" + guild + "&state=APPROVED", "Idea number");
    pages.put("/console/suggestions/" + guild + "/" + suggestion, "SuggestionSubmitted");
    pages.put("/console/events", "VoteCast");
    pages.put("/console/events?type=SuggestionCleared", "SuggestionCleared");
    pages.put("/console/events?type=DirectMessagesSet", "DirectMessagesSet");
    pages.put("/console/events?guild=" + guild, guild);
    pages.put("/console/events?aggregate=" + encode(aggregate), "SuggestionSubmitted");
    pages.put("/console/events?before=" + encode(middle), "Vote");
    pages.put("/console/events?below=" + newest / 2, "Vote");
    pages.put("/console/events/tail?above=" + (newest - 50), "Vote");
    pages.put("/console/stats", "interactions");
    pages.put("/console/stats?guild=" + guild + "&days=30", "interactions");
    pages.put("/console/stats?guild=" + guild + "&days=366", "interactions");
    pages.put("/console/commands", "partition");

    HttpClient http = HttpClient.newBuilder().cookieHandler(new CookieManager()).build();
    var signIn =
        http.send(
            HttpRequest.newBuilder(URI.create(base + "/console/login"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Sec-Fetch-Site", "same-origin")
                .POST(HttpRequest.BodyPublishers.ofString("token=" + encode(TOKEN)))
                .build(),
            HttpResponse.BodyHandlers.discarding());
    assertThat(signIn.statusCode()).as("sign-in redirects to the console").isEqualTo(302);

    report.add("| page | median ms | p90 ms | max ms | page KiB |");
    report.add("|---|---:|---:|---:|---:|");
    for (var page : pages.entrySet()) {
      HttpRequest request = HttpRequest.newBuilder(URI.create(base + page.getKey())).build();
      String body = fetch(http, request, page);
      double[] ms = new double[REPEATS];
      for (int i = 0; i < REPEATS; i++) {
        long t = System.nanoTime();
        body = fetch(http, request, page);
        ms[i] = (System.nanoTime() - t) / 1e6;
      }
      Arrays.sort(ms);
      report.add(
          String.format(
              "| `%s` | %.1f | %.1f | %.1f | %.0f |",
              page.getKey().replace(guild, "{guild}").replace(suggestion, "{id}"),
              ms[REPEATS / 2],
              ms[(int) Math.ceil(REPEATS * 0.9) - 1],
              ms[REPEATS - 1],
              body.length() / 1024.0));
    }
    report.add("");
    report.add(
        "Each page fetched once to warm up, then "
            + REPEATS
            + " times in a row by a signed-in HTTP client (time to the last byte); every answer"
            + " 200 with the text the page is for.");
  }

  private static String fetch(HttpClient http, HttpRequest request, Map.Entry<String, String> page)
      throws Exception {
    var answer = http.send(request, HttpResponse.BodyHandlers.ofString());
    assertThat(answer.statusCode()).as(page.getKey()).isEqualTo(200);
    assertThat(answer.body()).as(page.getKey()).contains(page.getValue());
    return answer.body();
  }

  private static long replicaCount(JdbcTemplate replica) {
    try {
      Long n = replica.queryForObject("SELECT count(*) FROM cmd.domain_event_entry", Long.class);
      return n == null ? 0 : n;
    } catch (RuntimeException e) {
      return 0; // The schema is not there yet.
    }
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  private static double seconds(long began) {
    return (System.nanoTime() - began) / 1e9;
  }
}
