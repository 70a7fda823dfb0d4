package gg.suggestions.deploy.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import gg.suggestions.deploy.PlatformProcess;
import gg.suggestions.eventstore.request.CommandRequester;
import gg.suggestions.eventstore.topic.SuggestionTopics;
import gg.suggestions.testing.TestCommands;
import gg.suggestions.testing.TestPostgres;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Writer failover time, on the three-broker local cluster: two platform nodes (each its own OS
 * process and database) share the command partitions under a constant load of commands; one is
 * killed with SIGKILL, and the bench times the first reply on a partition the dead node wrote and
 * the answer to every command sent in the first seconds after the kill. The killed node is
 * restarted and the next round kills the other one. Writes {@code target/bench/failover.md}.
 */
class FailoverBench {

  private static final Path DIR = Path.of("target", "bench");
  private static final int FAILOVERS = Integer.getInteger("bench.failovers", 5);

  /** Planned stops (SIGTERM) after the kills, alternating the nodes as well. */
  private static final int STOPS = Integer.getInteger("bench.stops", 2);

  /** The command group's protocol: classic (cooperative-sticky) or consumer (KIP-848). */
  private static final String PROTOCOL = System.getProperty("bench.groupProtocol", "consumer");

  /** Whether each node keeps a group.instance.id across restarts (static membership). */
  private static final boolean STATIC = Boolean.getBoolean("bench.staticMembership");

  /** A planned stop must leave no command unanswered for longer than this. */
  private static final Duration ANSWER = Duration.ofSeconds(10);

  private static final int RATE = Integer.getInteger("bench.failoverRate", 20);
  private static final Duration AFTER_KILL =
      Duration.ofSeconds(Long.getLong("bench.afterKillSeconds", 3));

  /** The command consumer's {@code session.timeout.ms}, set in {@code CommandNode}. */
  private static final long SESSION_TIMEOUT_MS = 6_000;

  private static final Pattern OWNERSHIP =
      Pattern.compile("(Owning|Released) command partition (\\d+)");
  private static final Pattern OWNING =
      Pattern.compile("(?m)^(\\S+) .*Owning command partition (\\d+)$");

  @RegisterExtension static final TestPostgres postgres = new TestPostgres();

  /** One command of the load; the reply fields are set once it is answered. */
  private static final class Sent {
    final int partition;
    final long sentAt = System.nanoTime();
    volatile long answeredAt;
    volatile boolean accepted;

    Sent(int partition) {
      this.partition = partition;
    }
  }

  /**
   * One kill or planned stop: how, whom, and what it cost. Times in ms from the signal.
   *
   * @param slowAnswers commands sent from the signal until the node served again that waited longer
   *     than {@link #ANSWER} for their answer
   * @param failbackMaxGap the longest time between two answers on one partition while the node came
   *     back and took its partitions again
   */
  record Round(
      String how,
      String victim,
      Set<Integer> owned,
      long takeover,
      long firstReplyOnDeadPartition,
      long allAnswered,
      int commandsAfterKill,
      long slowAnswers,
      long failbackMaxLatency,
      long failbackMaxGap) {}

  private final String run = Long.toString(System.currentTimeMillis(), 36);
  private final Path runDir = DIR.resolve("failover").resolve(run);
  private final Map<String, PlatformProcess> nodes = new HashMap<>();
  private final Map<String, Path> logs = new HashMap<>();
  private final Map<String, Integer> incarnations = new HashMap<>();
  private final Map<Integer, Sent> sent = new ConcurrentHashMap<>();
  private final AtomicInteger failures = new AtomicInteger();
  private final List<String> guilds = guildsOnEveryPartition();
  private BenchCluster cluster;

  @Test
  void timesTheTakeoverOfADeadWritersPartitions() throws Exception {
    cluster = BenchCluster.start(DIR);
    List<Round> rounds = new ArrayList<>();
    ScheduledExecutorService load = Executors.newSingleThreadScheduledExecutor();
    try (BenchCluster started = cluster;
        var requester =
            new CommandRequester(
                cluster.bootstrapServers(), "failover-bench-" + run, TestCommands.CODEC)) {
      for (String node : List.of("a", "b")) {
        new JdbcTemplate(postgres.dataSource()).execute("CREATE DATABASE failover_" + run + node);
        startNode(node);
      }
      awaitBothReady();
      AtomicInteger next = new AtomicInteger();
      load.scheduleAtFixedRate(
          () -> send(requester, next.getAndIncrement()), 0, 1000 / RATE, TimeUnit.MILLISECONDS);
      for (int round = 0; round < FAILOVERS + STOPS; round++) {
        rounds.add(failOver(round % 2 == 0 ? "a" : "b", round >= FAILOVERS));
      }
      load.shutdown();
      write(report(rounds, groupMinSessionTimeoutMs()));
    } finally {
      load.shutdownNow();
      for (PlatformProcess node : nodes.values()) {
        node.kill();
      }
    }
    assertThat(rounds).hasSize(FAILOVERS + STOPS).allMatch(r -> r.allAnswered() > 0);
    assertThat(failures.get()).as("commands refused or failed").isZero();
  }

  private Round failOver(String victim, boolean planned) throws Exception {
    awaitSteadyLoad();
    Set<Integer> owned =
        await().atMost(Duration.ofSeconds(60)).until(() -> owned(victim), o -> !o.isEmpty());
    LocalTime killedClock = LocalTime.now();
    long killedAt = System.nanoTime();
    if (planned) {
      nodes.get(victim).stop(); // SIGTERM, and wait for the process to exit.
    } else {
      nodes.get(victim).kill();
    }
    List<Sent> afterKill = answeredCommandsSentJustAfter(killedAt);
    long first =
        afterKill.stream()
            .filter(s -> owned.contains(s.partition))
            .mapToLong(s -> s.answeredAt)
            .min()
            .orElseThrow();
    long last = afterKill.stream().mapToLong(s -> s.answeredAt).max().orElseThrow();
    long takeover = takenOver(victim.equals("a") ? "b" : "a", owned, killedClock);
    long restartedAt = System.nanoTime();
    long failbackMaxLatency = failBack(victim);
    return new Round(
        planned ? "SIGTERM" : "SIGKILL",
        victim,
        owned,
        takeover,
        ms(first - killedAt),
        ms(last - killedAt),
        afterKill.size(),
        sent.values().stream()
            .filter(s -> s.sentAt >= killedAt && s.sentAt < restartedAt)
            .filter(s -> s.answeredAt == 0 || s.answeredAt - s.sentAt > ANSWER.toNanos())
            .count(),
        failbackMaxLatency,
        longestGapBetweenAnswers(restartedAt, System.nanoTime()));
  }

  /**
   * The longest time between two answers on one partition whose commands were sent within {@code
   * [from, until)}, in ms: how long the partition stalled (with about 0.6 s between commands per
   * partition when nothing stalls).
   */
  private long longestGapBetweenAnswers(long from, long until) {
    Map<Integer, List<Long>> answers = new HashMap<>();
    sent.values().stream()
        .filter(s -> s.sentAt >= from && s.sentAt < until && s.answeredAt != 0)
        .forEach(
            s -> answers.computeIfAbsent(s.partition, p -> new ArrayList<>()).add(s.answeredAt));
    long longest = 0;
    for (List<Long> times : answers.values()) {
      times.sort(null);
      for (int i = 1; i < times.size(); i++) {
        longest = Math.max(longest, times.get(i) - times.get(i - 1));
      }
    }
    return ms(longest);
  }

  /** The commands sent in the first seconds after {@code killedAt}, once all are answered. */
  private List<Sent> answeredCommandsSentJustAfter(long killedAt) {
    long windowEnd = killedAt + AFTER_KILL.toNanos();
    await().atMost(AFTER_KILL.plusSeconds(5)).until(() -> System.nanoTime() > windowEnd);
    List<Sent> afterKill =
        sent.values().stream().filter(s -> s.sentAt >= killedAt && s.sentAt < windowEnd).toList();
    await()
        .atMost(Duration.ofSeconds(120))
        .until(() -> afterKill.stream().allMatch(s -> s.answeredAt != 0));
    return afterKill;
  }

  /** Restarts {@code node}; returns the longest wait of a command sent meanwhile, in ms. */
  private long failBack(String node) throws Exception {
    long restartedAt = System.nanoTime();
    startNode(node);
    awaitBothReady();
    awaitSteadyLoad();
    return ms(
        sent.values().stream()
            .filter(s -> s.sentAt >= restartedAt && s.answeredAt != 0)
            .mapToLong(s -> s.answeredAt - s.sentAt)
            .max()
            .orElse(0));
  }

  // The load ----------------------------------------------------------------------------------

  private void send(CommandRequester requester, int i) {
    String guild = guilds.get(i % guilds.size());
    var command =
        TestCommands.setToggle(
            "failover-" + run + "-" + i,
            guild,
            "VOTERS_VISIBLE",
            i % 2 == 0,
            TestCommands.ADMIN,
            "failover-bench");
    Sent s = new Sent(partitionOf(guild));
    sent.put(i, s);
    requester
        .send(command)
        .whenComplete(
            (reply, error) -> {
              s.accepted = error == null && reply.accepted();
              s.answeredAt = System.nanoTime();
              if (!s.accepted) {
                failures.incrementAndGet();
              }
            });
  }

  /** Every command sent more than two seconds ago is answered: no backlog anywhere. */
  private void awaitSteadyLoad() {
    await()
        .atMost(Duration.ofSeconds(120))
        .until(
            () -> {
              long before = System.nanoTime() - Duration.ofSeconds(2).toNanos();
              return sent.values().stream().noneMatch(s -> s.sentAt < before && s.answeredAt == 0);
            });
  }

  /** Two guilds per command partition, so every partition carries the load. */
  private static List<String> guildsOnEveryPartition() {
    Map<Integer, List<String>> byPartition = new HashMap<>();
    for (long g = 0; byPartition.values().stream().mapToInt(List::size).sum() < 24; g++) {
      String guild = Long.toString(801_219_766_258_106_300L + g);
      List<String> onIt = byPartition.computeIfAbsent(partitionOf(guild), p -> new ArrayList<>());
      if (onIt.size() < 2) {
        onIt.add(guild);
      }
    }
    return byPartition.values().stream().flatMap(List::stream).toList();
  }

  /** The partition Kafka's default partitioner gives a command keyed by {@code guild}. */
  private static int partitionOf(String guild) {
    byte[] key = guild.getBytes(StandardCharsets.UTF_8);
    return Utils.toPositive(Utils.murmur2(key)) % SuggestionTopics.PARTITIONS;
  }

  // Nodes -------------------------------------------------------------------------------------

  private void startNode(String node) throws Exception {
    int incarnation = incarnations.merge(node, 1, Integer::sum);
    Path log = runDir.resolve(node + "-" + incarnation + ".log");
    Map<String, String> env = new HashMap<>();
    env.put("SUGGESTIONS_KAFKA_BOOTSTRAP_SERVERS", cluster.bootstrapServers());
    env.put(
        "SUGGESTIONS_DB_URL",
        postgres.jdbcUrl().replace("/postgres?", "/failover_" + run + node + "?"));
    env.put("SUGGESTIONS_DB_USER", postgres.user());
    env.put("SUGGESTIONS_DATA_DIR", runDir.resolve(node).toString());
    env.put("SUGGESTIONS_COMMAND_GROUP_PROTOCOL", PROTOCOL);
    if (STATIC) {
      env.put("SUGGESTIONS_COMMAND_INSTANCE_ID", "failover-node-" + node);
    }
    logs.put(node, log);
    nodes.put(node, PlatformProcess.start(log, env));
  }

  private void awaitBothReady() {
    for (PlatformProcess node : nodes.values()) {
      node.awaitServing(Duration.ofMinutes(3));
    }
  }

  /** The command partitions the node's current incarnation writes, from its log. */
  private Set<Integer> owned(String node) throws Exception {
    Set<Integer> owned = new TreeSet<>();
    Matcher m = OWNERSHIP.matcher(Files.readString(logs.get(node)));
    while (m.find()) {
      int partition = Integer.parseInt(m.group(2));
      if (m.group(1).equals("Owning")) {
        owned.add(partition);
      } else {
        owned.remove(partition);
      }
    }
    return owned;
  }

  /**
   * Milliseconds from {@code killedClock} until the survivor had opened (fenced) the writer of the
   * last of {@code partitions}, from its log's time of day.
   */
  private long takenOver(String survivor, Set<Integer> partitions, LocalTime killedClock)
      throws Exception {
    Map<Integer, LocalTime> owning = new HashMap<>();
    Matcher m = OWNING.matcher(Files.readString(logs.get(survivor)));
    while (m.find()) {
      LocalTime at = LocalTime.parse(m.group(1));
      int partition = Integer.parseInt(m.group(2));
      if (partitions.contains(partition) && at.isAfter(killedClock)) {
        owning.putIfAbsent(partition, at);
      }
    }
    assertThat(owning.keySet()).as("partitions the survivor took over").isEqualTo(partitions);
    LocalTime last = owning.values().stream().max(LocalTime::compareTo).orElseThrow();
    return Duration.between(killedClock, last).toMillis();
  }

  /** The brokers' floor for a consumer's session timeout (Kafka's default unless configured). */
  private long groupMinSessionTimeoutMs() throws Exception {
    try (Admin admin =
        Admin.create(
            Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers()))) {
      var broker = new ConfigResource(ConfigResource.Type.BROKER, "1");
      var config = admin.describeConfigs(List.of(broker)).all().get(30, TimeUnit.SECONDS);
      return Long.parseLong(config.get(broker).get("group.min.session.timeout.ms").value());
    }
  }

  // The report --------------------------------------------------------------------------------

  private List<String> report(List<Round> rounds, long groupMinSessionTimeout) {
    List<String> report = new ArrayList<>();
    report.add("# Writer failover benchmark, " + Instant.now());
    report.add("");
    report.add("Machine: " + WritePathBench.machine());
    report.add("");
    report.add(
        "Command group: protocol "
            + PROTOCOL
            + (STATIC ? ", static membership (group.instance.id per node)" : ", dynamic members")
            + ".");
    report.add(
        String.format(
            "Three brokers (separate JVMs, RF 3, min ISR 2), two platform nodes (separate JVMs and"
                + " databases), PostgreSQL 17 (embedded), all on this host. Load: %d commands/s"
                + " (SetGuildToggle over %d guilds, two per command partition) through a"
                + " CommandRequester; each node in turn is killed with SIGKILL (or stopped with"
                + " SIGTERM, a planned stop) and restarted.",
            RATE, guilds.size()));
    report.add("");
    report.add(
        "| round | signal | node | its partitions | all of them owned by the survivor (ms) | first"
            + " reply on one of them (ms) | all commands of the first "
            + AFTER_KILL.toSeconds()
            + " s answered (ms) | commands | answered later than "
            + ANSWER.toSeconds()
            + " s | max latency while it rejoined (ms) | longest gap between answers on a"
            + " partition while it rejoined (ms) |");
    report.add("|---:|---|---|---|---:|---:|---:|---:|---:|---:|---:|");
    for (int i = 0; i < rounds.size(); i++) {
      Round r = rounds.get(i);
      report.add(
          String.format(
              "| %d | %s | %s | %s | %,d | %,d | %,d | %d | %d | %,d | %,d |",
              i + 1,
              r.how(),
              r.victim(),
              r.owned(),
              r.takeover(),
              r.firstReplyOnDeadPartition(),
              r.allAnswered(),
              r.commandsAfterKill(),
              r.slowAnswers(),
              r.failbackMaxLatency(),
              r.failbackMaxGap()));
    }
    report.add("");
    for (String how : List.of("SIGKILL", "SIGTERM")) {
      List<Round> of = rounds.stream().filter(r -> r.how().equals(how)).toList();
      if (of.isEmpty()) {
        continue;
      }
      report.add(
          "| from the " + how + " to | min ms | median ms | max ms | median / session timeout |");
      report.add("|---|---:|---:|---:|---:|");
      report.add(
          summary(
              "the survivor owning every partition of the node (writer fenced)",
              of.stream().mapToLong(Round::takeover).sorted().toArray()));
      report.add(
          summary(
              "the first reply on one of the node's partitions",
              of.stream().mapToLong(Round::firstReplyOnDeadPartition).sorted().toArray()));
      report.add(
          summary(
              "every command of the first " + AFTER_KILL.toSeconds() + " s answered",
              of.stream().mapToLong(Round::allAnswered).sorted().toArray()));
      report.add(
          summary(
              "the longest gap between answers on a partition while the node came back",
              of.stream().mapToLong(Round::failbackMaxGap).sorted().toArray()));
      report.add("");
    }
    report.add(
        String.format(
            "Anchor: the command group's session timeout is %,d ms, heartbeats 500 ms apart (classic"
                + " protocol: the consumer's session.timeout.ms in CommandNode, floored by the"
                + " brokers' group.min.session.timeout.ms of %,d ms; consumer protocol: the brokers'"
                + " group.consumer.session.timeout.ms). A dead node's partitions can not move"
                + " before its session expires.",
            SESSION_TIMEOUT_MS, groupMinSessionTimeout));
    report.add("");
    report.add(
        "The last column is the failback: the restarted node joins the group while it starts, and"
            + " the partitions the cooperative rebalance hands back to it wait for its writers and"
            + " replica catch-up.");
    return report;
  }

  private static String summary(String what, long[] sorted) {
    long median = sorted[sorted.length / 2];
    return String.format(
        "| %s | %,d | %,d | %,d | %.2f |",
        what, sorted[0], median, sorted[sorted.length - 1], (double) median / SESSION_TIMEOUT_MS);
  }

  private void write(List<String> report) throws Exception {
    Files.createDirectories(DIR);
    String name = "failover-" + PROTOCOL + (STATIC ? "-static" : "");
    Files.write(DIR.resolve(name + ".md"), report);
    BenchSummary.write(DIR, name, BenchSummary.tables(report));
    System.out.println(String.join(System.lineSeparator(), report));
  }

  private static long ms(long nanos) {
    return nanos / 1_000_000;
  }
}
