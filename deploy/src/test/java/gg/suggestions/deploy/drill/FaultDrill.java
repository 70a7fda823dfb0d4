package gg.suggestions.deploy.drill;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import gg.suggestions.deploy.PlatformProcess;
import gg.suggestions.deploy.drill.History.Outcome;
import gg.suggestions.eventstore.envelope.CommandEnvelope;
import gg.suggestions.eventstore.envelope.EnvelopeCodec;
import gg.suggestions.eventstore.envelope.EventEnvelope;
import gg.suggestions.eventstore.envelope.ReplyEnvelope;
import gg.suggestions.eventstore.request.CommandRequester;
import gg.suggestions.eventstore.topic.SuggestionTopics;
import gg.suggestions.query.cli.Suggestionsctl;
import gg.suggestions.testing.TestCommands;
import gg.suggestions.testing.TestPostgres;
import gg.suggestions.testing.TopicReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartitionInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The fault drill ({@code ./mvnw -Pdrills verify -pl deploy}, as root): three KRaft nodes (one OS
 * process each, each in its own network namespace: {@link IsolatedCluster}), two command nodes and
 * a query node (each its own OS process and database, {@code SUGGESTIONS_SERVICES=command} or
 * {@code query}), and PostgreSQL. A constant-rate load of commands is recorded as a history while
 * single faults strike every {@code drill.intervalSeconds}: SIGKILL and restart of a broker, of the
 * controller leader, of a command node, of the query node or of PostgreSQL; SIGSTOP/SIGCONT of a
 * broker for 15 s; a network partition that cuts one broker off for 15 s. A broker fault is healed
 * (the broker back and every partition's ISR full) before the next fault strikes. After the run,
 * the checkers: no acknowledged command lost, no duplicate event, every aggregate's sequence in
 * order, every projection equal to a rebuild, and with two of three brokers down no write
 * acknowledged. Writes {@code target/drills/drill-<run>.md}.
 */
class FaultDrill {

  @RegisterExtension static final TestPostgres postgres = new TestPostgres();

  private static final int FAULTS = Integer.getInteger("drill.faults", 6);
  private static final Duration INTERVAL =
      Duration.ofSeconds(Long.getLong("drill.intervalSeconds", 10));
  private static final int RATE = Integer.getInteger("drill.rate", 10);
  private static final long SEED = Long.getLong("drill.seed", System.nanoTime());
  private static final Duration ANSWER = Duration.ofSeconds(10);
  private static final Path DIR = Path.of("target", "drills");

  private enum Fault {
    KILL_BROKER,
    KILL_CONTROLLER_LEADER,
    PAUSE_BROKER,
    PARTITION_BROKER,
    KILL_COMMAND_NODE,
    KILL_QUERY_NODE,
    KILL_POSTGRES
  }

  /** The platform's processes: what each hosts. */
  private static final Map<String, String> NODES =
      Map.of("command1", "command", "command2", "command", "query", "query");

  private final String run = Long.toString(System.currentTimeMillis(), 36);
  private final Random random = new Random(SEED);
  private final History history = new History();
  private final Map<String, PlatformProcess> nodes = new HashMap<>();
  private final Map<String, Integer> incarnations = new HashMap<>();
  private IsolatedCluster cluster;
  private Admin admin;
  private KillablePostgres killablePostgres;
  private final List<Duration> heals = new ArrayList<>();
  private int verifyAttempts;

  @Test
  void nothingAcknowledgedIsLostOrDuplicatedUnderSingleFaults() throws Exception {
    assumeTrue(IsolatedCluster.isPossible(), "the drill needs root: network namespaces");
    Files.createDirectories(DIR);
    cluster = IsolatedCluster.start(DIR.resolve(run).resolve("cluster"));
    try (IsolatedCluster started = cluster;
        Admin clusterAdmin = Admin.create(adminConfig());
        CommandRequester requester =
            new CommandRequester(cluster.bootstrapServers(), "drill-" + run, TestCommands.CODEC)) {
      admin = clusterAdmin;
      killablePostgres = KillablePostgres.of(postgres.dataSource());
      for (String node : NODES.keySet()) {
        new JdbcTemplate(postgres.dataSource())
            .execute("CREATE DATABASE drill_" + run + "_" + node);
        startNode(node);
      }
      await().atMost(Duration.ofSeconds(180)).until(this::nodesReady);

      Instant start = Instant.now();
      ScheduledExecutorService load = Executors.newSingleThreadScheduledExecutor();
      AtomicInteger next = new AtomicInteger();
      load.scheduleAtFixedRate(
          () -> send(requester, next.getAndIncrement()), 0, 1000 / RATE, TimeUnit.MILLISECONDS);
      Map<Fault, Integer> struck = new HashMap<>();
      for (int f = 0; f < FAULTS; f++) {
        Instant due = Instant.now().plus(INTERVAL);
        Fault fault = Fault.values()[random.nextInt(Fault.values().length)];
        strike(fault);
        struck.merge(fault, 1, Integer::sum);
        Duration left = Duration.between(Instant.now(), due);
        if (!left.isNegative()) {
          Thread.sleep(left.toMillis());
        }
      }
      load.shutdown();
      load.awaitTermination(30, TimeUnit.SECONDS);
      Duration loaded = Duration.between(start, Instant.now());

      heal();
      resolveUndecided(requester);
      boolean refusedWithoutQuorum = refusesWritesWithTwoBrokersDown(requester);
      heal();
      resolveUndecided(requester); // The quorum probe too: it may be applied once brokers return.
      Checks checks = check();
      Map<String, Integer> verified = verifyProjections();

      List<String> report = report(struck, loaded, checks, refusedWithoutQuorum, verified);
      Path file = DIR.resolve("drill-" + run + ".md");
      Files.write(file, report);
      Files.write(DIR.resolve("drill-" + run + "-history.tsv"), history.lines());
      System.out.println(String.join(System.lineSeparator(), report));

      assertThat(checks.lost()).as("acknowledged commands lost").isEmpty();
      assertThat(checks.duplicates()).as("commands with more than one event").isEmpty();
      assertThat(checks.repeatedEventIds()).as("event ids seen twice").isZero();
      assertThat(checks.outOfOrder()).as("aggregates out of order").isEmpty();
      assertThat(refusedWithoutQuorum)
          .as("no write acknowledged with 2 of 3 brokers down")
          .isTrue();
      assertThat(verified.values()).as("suggestionsctl verify --all per node").containsOnly(0);
      assertThat(history.count(Outcome.OK)).isPositive();
    } finally {
      for (PlatformProcess node : nodes.values()) {
        node.kill();
      }
    }
  }

  // The load ----------------------------------------------------------------------------------

  private void send(CommandRequester requester, int i) {
    CommandEnvelope command = command("drill-" + run + "-" + i, i);
    history.invoke(command.commandId());
    record(requester.send(command), command.commandId());
  }

  private void record(CompletableFuture<ReplyEnvelope> reply, String commandId) {
    reply
        .orTimeout(ANSWER.toMillis(), TimeUnit.MILLISECONDS)
        .whenComplete(
            (r, error) ->
                history.complete(
                    commandId,
                    error != null ? Outcome.INFO : r.accepted() ? Outcome.OK : Outcome.FAIL));
  }

  /** A toggle on one of 24 guilds: one event each, on every partition the guilds hash to. */
  private static CommandEnvelope command(String id, int i) {
    String guild = "7012197662581063" + (10 + i % 24);
    return TestCommands.setToggle(
        id, guild, "VOTERS_VISIBLE", i % 2 == 0, TestCommands.ADMIN, "drill");
  }

  /**
   * Asks again, every 10 s, for every command without an answer: the same id gets the first
   * decision, so an info becomes an ok or a fail once the platform has healed.
   */
  private void resolveUndecided(CommandRequester requester) {
    await()
        .atMost(Duration.ofSeconds(600))
        .pollInterval(Duration.ofSeconds(10))
        .until(
            () -> {
              List<String> undecided = history.undecided();
              for (String id : undecided) {
                int i = Integer.parseInt(id.substring(id.lastIndexOf('-') + 1));
                record(requester.send(command(id, i)), id);
              }
              return undecided.isEmpty();
            });
  }

  // Faults ------------------------------------------------------------------------------------

  private void strike(Fault fault) throws Exception {
    switch (fault) {
      case KILL_BROKER -> restartBroker(1 + random.nextInt(3), "kill -9 broker ");
      case KILL_CONTROLLER_LEADER ->
          restartBroker(controllerLeader(), "kill -9 controller leader ");
      case PAUSE_BROKER -> {
        int node = 1 + random.nextInt(3);
        signal(node, "STOP");
        history.fault("SIGSTOP broker " + node + " for 15 s");
        Thread.sleep(15_000);
        signal(node, "CONT");
        awaitHealthyCluster();
      }
      case PARTITION_BROKER -> {
        int node = 1 + random.nextInt(3);
        cluster.partition(node);
        history.fault("network partition: broker " + node + " cut off for 15 s");
        Thread.sleep(15_000);
        cluster.heal(node);
        awaitHealthyCluster();
      }
      case KILL_COMMAND_NODE -> restartNode(random.nextBoolean() ? "command1" : "command2");
      case KILL_QUERY_NODE -> restartNode("query");
      case KILL_POSTGRES -> {
        killablePostgres.kill();
        history.fault("kill -9 PostgreSQL (postmaster and every backend)");
        Thread.sleep(5_000);
        killablePostgres.start(DIR.resolve(run).resolve("postgres.log"));
      }
    }
  }

  private void restartBroker(int node, String what) throws Exception {
    signal(node, "KILL");
    history.fault(what + node);
    Thread.sleep(5_000);
    cluster.startNode(node);
    awaitHealthyCluster();
  }

  private void restartNode(String node) throws Exception {
    nodes.get(node).kill();
    history.fault("kill -9 " + node + " node");
    startNode(node);
  }

  /** Healed: three brokers registered and every partition's ISR back to all its replicas. */
  private void awaitHealthyCluster() {
    Instant began = Instant.now();
    await()
        .atMost(Duration.ofSeconds(600))
        .pollInterval(Duration.ofMillis(500))
        .ignoreExceptions()
        .until(this::clusterHealthy);
    heals.add(Duration.between(began, Instant.now()));
  }

  private boolean clusterHealthy() throws Exception {
    if (admin.describeCluster().nodes().get(5, TimeUnit.SECONDS).size() < 3) {
      return false;
    }
    Set<String> topics = admin.listTopics().names().get(5, TimeUnit.SECONDS);
    for (TopicDescription topic :
        admin.describeTopics(topics).allTopicNames().get(5, TimeUnit.SECONDS).values()) {
      for (TopicPartitionInfo partition : topic.partitions()) {
        if (partition.isr().size() < partition.replicas().size()) {
          return false;
        }
      }
    }
    return true;
  }

  private Map<String, Object> adminConfig() {
    return Map.of(
        AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers(),
        AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000,
        AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10_000);
  }

  /** With two of three brokers down, min.insync.replicas=2 can not be met: nothing is acked. */
  private boolean refusesWritesWithTwoBrokersDown(CommandRequester requester) throws Exception {
    signal(1, "KILL");
    signal(2, "KILL");
    history.fault("kill -9 brokers 1 and 2 (quorum lost)");
    int i = Integer.MAX_VALUE;
    String id = "drill-" + run + "-" + i;
    history.invoke(id);
    ReplyEnvelope reply;
    try {
      reply = requester.send(command(id, i)).get(15, TimeUnit.SECONDS);
      history.complete(id, reply.accepted() ? Outcome.OK : Outcome.FAIL);
    } catch (TimeoutException | ExecutionException e) {
      reply = null;
      history.complete(id, Outcome.INFO);
    }
    cluster.startStopped();
    return reply == null || !reply.accepted();
  }

  private void heal() throws Exception {
    for (int node = 1; node <= 3; node++) {
      cluster.heal(node);
      signal(node, "CONT");
    }
    cluster.startStopped();
    awaitHealthyCluster();
    for (var entry : nodes.entrySet()) {
      if (!entry.getValue().isAlive()) {
        startNode(entry.getKey());
      }
    }
    await().atMost(Duration.ofSeconds(180)).until(this::nodesReady);
  }

  private void signal(int broker, String signal) throws IOException, InterruptedException {
    cluster.signal(broker, signal);
  }

  private int controllerLeader() throws Exception {
    return admin.describeMetadataQuorum().quorumInfo().get(10, TimeUnit.SECONDS).leaderId();
  }

  private void startNode(String node) throws IOException {
    int incarnation = incarnations.merge(node, 1, Integer::sum);
    Map<String, String> env = new HashMap<>();
    env.put("SUGGESTIONS_KAFKA_BOOTSTRAP_SERVERS", cluster.bootstrapServers());
    env.put("SUGGESTIONS_DB_URL", dbUrl(node));
    env.put("SUGGESTIONS_DB_USER", postgres.user());
    env.put("SUGGESTIONS_DATA_DIR", DIR.resolve(run).resolve(node).toString());
    env.put("SUGGESTIONS_SERVICES", NODES.get(node));
    nodes.put(
        node,
        PlatformProcess.start(DIR.resolve(run).resolve(node + "-" + incarnation + ".log"), env));
  }

  private String dbUrl(String node) {
    return postgres.jdbcUrl().replace("/postgres?", "/drill_" + run + "_" + node + "?");
  }

  private boolean nodesReady() throws IOException {
    for (PlatformProcess node : nodes.values()) {
      if (!node.isReady()) {
        return false;
      }
    }
    return true;
  }

  // Checkers ----------------------------------------------------------------------------------

  record Checks(
      List<String> lost,
      List<String> duplicates,
      long repeatedEventIds,
      List<String> outOfOrder,
      long events) {}

  private Checks check() {
    EnvelopeCodec codec = new EnvelopeCodec();
    Map<String, Integer> eventsPerCommand = new HashMap<>();
    Set<String> eventIds = new HashSet<>();
    long repeated = 0;
    Map<String, Long> lastSequence = new HashMap<>();
    List<String> outOfOrder = new ArrayList<>();
    long events = 0;
    // Records come partition by partition in offset order: an aggregate lives on one partition.
    for (ConsumerRecord<String, String> record :
        TopicReader.readCommitted(cluster.bootstrapServers(), SuggestionTopics.EVENTS)) {
      EventEnvelope event = codec.decode(record.value().getBytes(StandardCharsets.UTF_8));
      if (!event.metadata().commandId().startsWith("drill-" + run)) {
        continue;
      }
      events++;
      eventsPerCommand.merge(event.metadata().commandId(), 1, Integer::sum);
      if (!eventIds.add(event.eventId())) {
        repeated++;
      }
      long expected = lastSequence.getOrDefault(event.aggregateId(), -1L) + 1;
      if (event.sequence() != expected) {
        outOfOrder.add(event.aggregateId() + " expected " + expected + " got " + event.sequence());
      }
      lastSequence.put(event.aggregateId(), event.sequence());
    }
    List<String> lost =
        history.operations().stream()
            .filter(op -> op.outcome() == Outcome.OK)
            .map(History.Operation::commandId)
            .filter(id -> !eventsPerCommand.containsKey(id))
            .toList();
    List<String> duplicates =
        eventsPerCommand.entrySet().stream()
            .filter(e -> e.getValue() > 1)
            .map(Map.Entry::getKey)
            .toList();
    return new Checks(lost, duplicates, repeated, outOfOrder, events);
  }

  /**
   * {@code suggestionsctl verify --all} on the query node: 0 when every projection equals a fresh
   * rebuild. The check reads a quiet log, but the live processor may still be applying the last
   * events; a difference that persists over a minute is a failure.
   */
  private Map<String, Integer> verifyProjections() throws InterruptedException {
    String node = "query";
    StringWriter out = new StringWriter();
    int exit = -1;
    for (int attempt = 1; attempt <= 6 && exit != 0; attempt++) {
      if (attempt > 1) {
        Thread.sleep(10_000);
      }
      out = new StringWriter();
      exit =
          Suggestionsctl.run(
              new PrintWriter(out, true),
              new PrintWriter(out, true),
              "verify",
              "--all",
              "--bootstrap-servers=" + cluster.bootstrapServers(),
              "--db-url=" + dbUrl(node),
              "--db-user=" + postgres.user());
      verifyAttempts = attempt;
    }
    if (exit != 0) {
      System.out.println("verify on node " + node + ":\n" + out);
    }
    return Map.of(node, exit);
  }

  private List<String> report(
      Map<Fault, Integer> struck,
      Duration loaded,
      Checks checks,
      boolean refusedWithoutQuorum,
      Map<String, Integer> verified) {
    List<String> report = new ArrayList<>();
    report.add("# Fault drill " + run + ", " + Instant.now() + " (seed " + SEED + ")");
    report.add("");
    report.add(
        "Three brokers (separate processes and network namespaces, RF 3, min ISR 2), two"
            + " command nodes and a query node (separate processes and databases), PostgreSQL; "
            + RATE
            + " commands/s for "
            + loaded.toSeconds()
            + " s; one fault every "
            + INTERVAL.toSeconds()
            + " s.");
    report.add("");
    report.add("| faults | count |");
    report.add("|---|---:|");
    struck.forEach((fault, n) -> report.add("| " + fault + " | " + n + " |"));
    report.add("");
    report.add("| check | result |");
    report.add("|---|---:|");
    report.add("| commands invoked | " + history.operations().size() + " |");
    report.add("| ok (acknowledged) | " + history.count(Outcome.OK) + " |");
    report.add("| fail (refused) | " + history.count(Outcome.FAIL) + " |");
    report.add(
        "| info (no answer in "
            + ANSWER.toSeconds()
            + " s; asked again after healing) | "
            + history.infos()
            + " |");
    report.add("| events on the log | " + checks.events() + " |");
    report.add("| acknowledged commands lost | " + checks.lost().size() + " |");
    report.add("| commands with more than one event | " + checks.duplicates().size() + " |");
    report.add("| event ids seen twice | " + checks.repeatedEventIds() + " |");
    report.add("| aggregates out of order | " + checks.outOfOrder().size() + " |");
    report.add("| no write acknowledged with 2 of 3 brokers down | " + refusedWithoutQuorum + " |");
    report.add(
        "| projections equal a rebuild (verify exit per node; attempts) | "
            + verified
            + "; "
            + verifyAttempts
            + " |");
    report.add("| slowest acknowledged command, ms | " + history.slowestOkMillis() + " |");
    List<Long> healed = heals.stream().map(Duration::toMillis).sorted().toList();
    if (!healed.isEmpty()) {
      report.add(
          "| broker faults: ISR full again, median / max ms | "
              + healed.get(healed.size() / 2)
              + " / "
              + healed.get(healed.size() - 1)
              + " |");
    }
    report.add("");
    report.add("Faults in order:");
    history.faults().forEach(f -> report.add("- " + f.at() + " " + f.what()));
    return report;
  }
}
