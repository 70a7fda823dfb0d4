package gg.suggestions.deploy.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.zaxxer.hikari.HikariDataSource;
import gg.suggestions.command.loop.CommandNode;
import gg.suggestions.command.loop.CommandTimings;
import gg.suggestions.eventstore.contract.guildconfig.GuildToggle;
import gg.suggestions.eventstore.envelope.ReplyEnvelope;
import gg.suggestions.eventstore.request.CommandRequester;
import gg.suggestions.testing.TestCommands;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/**
 * The latency budget of one command: where its time goes between the requester's send and its
 * reply, step by step, on the three-broker local cluster and an embedded PostgreSQL with the
 * platform's durability settings. The command node runs in this JVM, so its {@link CommandTimings}
 * can be read; closed loops of 1 and {@code bench.clients} callers send {@code SetGuildToggle} over
 * {@code bench.guilds} guilds. Kafka's own floor is measured alongside: one acks=all idempotent
 * send at a time, as the requester sends a command. Writes {@code target/bench/command-budget.md}
 * and {@code .json}.
 */
class CommandBudgetBench {

  private static final Path DIR = Path.of("target", "bench");
  private static final Duration MEASURED =
      Duration.ofSeconds(Long.getLong("bench.commandSeconds", 15));
  private static final Duration WARM_UP =
      Duration.ofSeconds(Long.getLong("bench.warmUpSeconds", 5));
  private static final int CLIENTS = Integer.getInteger("bench.clients", 32);
  private static final int GUILDS = Integer.getInteger("bench.guilds", 1_200);

  @Test
  void budgetOfOneCommand() throws Exception {
    List<String> report = new ArrayList<>();
    Map<String, Object> json = new LinkedHashMap<>();
    try (BenchCluster cluster = BenchCluster.start(DIR);
        EmbeddedPostgres postgres =
            EmbeddedPostgres.builder()
                .setServerConfig("fsync", "on")
                .setServerConfig("synchronous_commit", "on")
                .setServerConfig("full_page_writes", "on")
                .start();
        HikariDataSource pool = pool(postgres)) {
      var node = CommandNode.create(cluster.bootstrapServers(), pool, Clock.systemUTC());
      Thread loop = new Thread(node.loop(), "bench-command-loop");
      loop.start();
      try (var requester =
          new CommandRequester(
              cluster.bootstrapServers(), "bench-" + UUID.randomUUID(), TestCommands.CODEC)) {
        CommandLoad.Step step = n -> send(requester, n);
        await().atMost(Duration.ofMinutes(2)).ignoreExceptions().until(() -> step.send(-1) == null);
        Map<String, Double> floor = sendFloor(cluster);
        json.put("kafkaSendFloor", floor);
        report.add("# The latency budget of one command");
        report.add("");
        report.add("Machine: " + WritePathBench.machine());
        report.add("");
        report.add(
            String.format(
                "One acks=all idempotent send at a time (Kafka's floor under the requester):"
                    + " p50 %.2f ms, p99 %.2f ms.",
                floor.get("p50Ms"), floor.get("p99Ms")));
        for (int clients : List.of(1, CLIENTS)) {
          var timings = node.loop().timings();
          var reset = Executors.newSingleThreadScheduledExecutor();
          reset.schedule(timings::reset, WARM_UP.toMillis(), TimeUnit.MILLISECONDS);
          CommandLoad.Result result = CommandLoad.run(clients, WARM_UP, MEASURED, step);
          reset.shutdown();
          assertThat(result.failures()).isEmpty();
          assertThat(result.completed()).isPositive();
          var steps = timings.summary();
          render(report, result, steps);
          Map<String, Object> figures = BenchSummary.of(result);
          Map<String, Object> budget = new LinkedHashMap<>();
          steps.forEach((name, s) -> budget.put(name.name(), s));
          figures.put("steps", budget);
          json.put(clients == 1 ? "oneCaller" : "callers" + clients, figures);
        }
      } finally {
        node.loop().stop();
        loop.join(30_000);
      }
    }
    Files.createDirectories(DIR);
    Files.write(DIR.resolve("command-budget.md"), report);
    BenchSummary.write(DIR, "command-budget", json);
    System.out.println(String.join(System.lineSeparator(), report));
  }

  private static void render(
      List<String> report, CommandLoad.Result result, Map<CommandTimings.Step, ?> steps) {
    report.add("");
    report.add(
        String.format(
            "## %d caller(s): %,.0f commands/s, send to reply p50 %.1f ms, p99 %.1f ms",
            result.clients(), result.commandsPerSecond(), result.p50Ms(), result.p99Ms()));
    report.add("");
    report.add("| step | count | p50 ms | p99 ms | mean ms |");
    report.add("|---|---:|---:|---:|---:|");
    steps.forEach(
        (step, value) -> {
          var s = (CommandTimings.Summary) value;
          report.add(
              String.format(
                  "| %s | %,d | %.2f | %.2f | %.2f |",
                  step, s.count(), s.p50Ms(), s.p99Ms(), s.meanMs()));
        });
  }

  /** Latencies of 500 acks=all idempotent sends, one at a time, to a scratch topic. */
  private static Map<String, Double> sendFloor(BenchCluster cluster) throws Exception {
    cluster.createEventLikeTopic("bench.send-floor");
    try (var producer =
        new KafkaProducer<>(
            Map.<String, Object>of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                cluster.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG,
                "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
                true,
                ProducerConfig.LINGER_MS_CONFIG,
                0),
            new StringSerializer(),
            new ByteArraySerializer())) {
      long[] took = new long[600];
      for (int i = 0; i < took.length; i++) {
        long start = System.nanoTime();
        producer.send(new ProducerRecord<>("bench.send-floor", "k" + i, new byte[300])).get();
        took[i] = System.nanoTime() - start;
      }
      long[] measured = Arrays.copyOfRange(took, 100, took.length);
      Arrays.sort(measured);
      return Map.of(
          "p50Ms", measured[measured.length / 2] / 1e6,
          "p99Ms", measured[(int) (measured.length * 0.99)] / 1e6);
    }
  }

  private static String send(CommandRequester requester, int n) throws Exception {
    String guild = String.valueOf(700_000_000_000_000_000L + Math.floorMod(n, GUILDS));
    var command =
        TestCommands.setToggle(
            "bench-" + UUID.randomUUID(),
            guild,
            GuildToggle.KEEP_LOGS.name(),
            n % 2 == 0,
            TestCommands.ADMIN,
            requester.requesterId());
    ReplyEnvelope reply = requester.send(command).get(30, TimeUnit.SECONDS);
    return reply.accepted() ? null : "refused " + reply.errorKey();
  }

  /** A pool on the embedded database, as a command node gets it. */
  static HikariDataSource pool(EmbeddedPostgres postgres) {
    var pool = new HikariDataSource();
    pool.setJdbcUrl(postgres.getJdbcUrl("postgres", "postgres"));
    pool.setUsername("postgres");
    pool.setMaximumPoolSize(16);
    return pool;
  }
}
