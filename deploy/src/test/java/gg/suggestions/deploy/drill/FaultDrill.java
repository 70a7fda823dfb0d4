package gg.suggestions.deploy.drill;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import gg.suggestions.deploy.drill.History.Outcome;
import gg.suggestions.eventstore.envelope.CommandEnvelope;
import gg.suggestions.eventstore.envelope.ReplyEnvelope;
import gg.suggestions.eventstore.request.CommandRequester;
import gg.suggestions.eventstore.topic.SuggestionTopics;
import gg.suggestions.testing.TestCommands;
import gg.suggestions.testing.TestPostgres;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
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
import org.apache.kafka.common.utils.Utils;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The fault drill ({@code ./mvnw -Pdrills verify -pl deploy}, as root): three KRaft nodes (one OS
 * process each, each in its own network namespace: {@link IsolatedCluster}), two command nodes and
 * a query node (each its own OS process and database, {@code SUGGESTIONS_SERVICES=command} or
 * {@code query}), and PostgreSQL. A constant-rate load of commands is recorded as a history while
 * single faults strike every {@code drill.intervalSeconds}: SIGKILL and restart of a broker, of the
 * controller leader, of a command node, of the query node or of PostgreSQL; SIGSTOP/SIGCONT of a
 * broker; a network partition that cuts one broker off (both for {@code drill.holdSeconds}, 15 s or
 * a range drawn from per fault). A fault is healed (a broker back and every partition's ISR full; a
 * command node serving again) before the next strikes. After the run, the checkers: no acknowledged
 * command lost, no duplicate event, every aggregate's sequence in order, every projection equal to
 * a rebuild, and with two of three brokers down no write acknowledged. Writes {@code
 * target/drills/drill-<run>.md}.
 */
class FaultDrill {

  @RegisterExtension static final TestPostgres postgres = new TestPostgres();

  private static final int FAULTS = Integer.getInteger("drill.faults", 6);
  private static final Duration INTERVAL =
      Duration.ofSeconds(Long.getLong("drill.intervalSeconds", 10));

  /** Commands per second: 24 gives each of the 24 guilds one a second. */
  private static final int RATE = Integer.getInteger("drill.rate", 24);

  private static final long SEED = Long.getLong("drill.seed", System.nanoTime());

  /** How long a killed PostgreSQL stays down, e.g. 60 for a minute-long outage. */
  private static final Duration POSTGRES_DOWN =
      Duration.ofSeconds(Long.getLong("drill.postgresDownSeconds", 5));

  /**
   * How long a paused or cut-off broker stays out, in seconds: a fixed length or a range drawn from
   * per fault, as Jepsen draws its fault lengths (e.g. {@code 4-15}: short holds that end before
   * the ISR shrinks and long ones that outlast it).
   */
  private static final Hold HOLD = Hold.parse("drill.holdSeconds", "15");

  /** How long a killed broker stays down before it restarts, in seconds: fixed or a range. */
  private static final Hold BROKER_DOWN = Hold.parse("drill.brokerDownSeconds", "5");

  /** The kinds of fault to draw from, e.g. {@code -Ddrill.kinds=PAUSE_BROKER,PARTITION_BROKER}. */
  private static final List<Fault> KINDS = kinds(System.getProperty("drill.kinds", ""));

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

  private final String run = Long.toString(System.currentTimeMillis(), 36);
  private final Random random = new Random(SEED);
  private final History history = new History();
  private final List<Duration> heals = new ArrayList<>();
  private IsolatedCluster cluster;
  private DrillAdmin admin;
  private DrillNodes nodes;
  private KillablePostgres killablePostgres;

  @Test
  void nothingAcknowledgedIsLostOrDuplicatedUnderSingleFaults() throws Exception {
    assumeTrue(IsolatedCluster.isPossible(), "the drill needs root: network namespaces");
    Files.createDirectories(DIR);
    cluster = IsolatedCluster.start(DIR.resolve(run).resolve("cluster"));
    try (IsolatedCluster started = cluster;
        DrillAdmin clusterAdmin = new DrillAdmin(cluster.bootstrapServers());
        DrillNodes platform =
            new DrillNodes(DIR.resolve(run), run, cluster.bootstrapServers(), postgres);
        CommandRequester requester =
            new CommandRequester(cluster.bootstrapServers(), "drill-" + run, TestCommands.CODEC)) {
      admin = clusterAdmin;
      nodes = platform;
      killablePostgres = KillablePostgres.of(postgres.dataSource());
      awaitServing();

      Instant start = Instant.now();
      ScheduledExecutorService load = Executors.newSingleThreadScheduledExecutor();
      AtomicInteger next = new AtomicInteger();
      load.scheduleAtFixedRate(
          () -> send(requester, next.getAndIncrement()), 0, 1000 / RATE, TimeUnit.MILLISECONDS);
      Map<Fault, Integer> struck = new HashMap<>();
      for (int f = 0; f < FAULTS; f++) {
        Instant due = Instant.now().plus(INTERVAL);
        Fault fault = KINDS.get(random.nextInt(KINDS.size()));
        strike(fault);
        struck.merge(fault, 1, Integer::sum);
        if (f % 10 == 0) {
          writeHistory(); // A long run stopped by hand still leaves its history.
        }
        Duration left = Duration.between(Instant.now(), due);
        if (!left.isNegative()) {
          Thread.sleep(left.toMillis());
        }
      }
      load.shutdown();
      load.awaitTermination(30, TimeUnit.SECONDS);
      Instant loadEnded = Instant.now();
      Duration loaded = Duration.between(start, loadEnded);

      heal();
      resolveUndecided(requester);
      boolean refusedWithoutQuorum = refusesWritesWithTwoBrokersDown(requester);
      heal();
      resolveUndecided(requester); // The quorum probe too: it may be applied once brokers return.
      DrillReport.Checks checks = DrillReport.check(cluster.bootstrapServers(), run, history);
      DrillNodes.Verified verified = nodes.verify("query");
      if (verified.exit() != 0) {
        System.out.println("verify on the query node:\n" + verified.output());
      }

      Availability availability = writeAvailability(history, run, loadEnded);
      List<String> report =
          DrillReport.render(
              new DrillReport.Setup(
                  run,
                  SEED,
                  RATE,
                  INTERVAL,
                  "a broker paused or cut off for "
                      + HOLD
                      + ", a killed broker down for "
                      + BROKER_DOWN
                      + ", PostgreSQL down for "
                      + POSTGRES_DOWN.toSeconds()
                      + " s",
                  ANSWER),
              history,
              struck,
              loaded,
              heals,
              checks,
              new DrillReport.Outcomes(
                  refusedWithoutQuorum, Map.of("query", verified.exit()), verified.attempts()),
              availability);
      Files.write(DIR.resolve("drill-" + run + ".md"), report);
      System.out.println(String.join(System.lineSeparator(), report));

      assertThat(checks.lost()).as("acknowledged commands lost").isEmpty();
      assertThat(checks.duplicates()).as("commands with more than one event").isEmpty();
      assertThat(checks.repeatedEventIds()).as("event ids seen twice").isZero();
      assertThat(checks.outOfOrder()).as("aggregates out of order").isEmpty();
      assertThat(refusedWithoutQuorum)
          .as("no write acknowledged with 2 of 3 brokers down")
          .isTrue();
      assertThat(verified.exit()).as("suggestionsctl verify --all on the query node").isZero();
      assertThat(history.count(Outcome.OK)).isPositive();
    } finally {
      writeHistory();
    }
  }

  /**
   * The availability table, per-fault gaps and timeline of a recorded history, e.g. a run stopped
   * by hand or an earlier code's: {@code -Dit.test=FaultDrill#rendersARecordedHistory
   * -Ddrill.history=target/drills/drill-<run>-history.tsv}.
   */
  @Test
  @EnabledIfSystemProperty(named = "drill.history", matches = ".+")
  void rendersARecordedHistory() throws IOException {
    Path file = Path.of(System.getProperty("drill.history"));
    History recorded = History.read(Files.readAllLines(file));
    String name = file.getFileName().toString().replace("-history.tsv", "");
    // The load ended where the quorum probe struck, or with its last command.
    Instant lastInvoke =
        recorded.faults().stream()
            .filter(f -> f.kind().equals("QUORUM_LOST"))
            .map(History.Fault::at)
            .findFirst()
            .orElseGet(
                () ->
                    recorded.operations().stream()
                        .map(History.Operation::invokedAt)
                        .max(Instant::compareTo)
                        .orElseThrow());
    Availability availability = writeAvailability(recorded, name.replace("drill-", ""), lastInvoke);
    System.out.println(String.join(System.lineSeparator(), availability.table()));
  }

  /** Writes the per-fault gaps and the timeline picture next to the report. */
  private static Availability writeAvailability(History history, String run, Instant loadEnded)
      throws IOException {
    Availability availability = new Availability(history, FaultDrill::partitionOf, loadEnded);
    Files.createDirectories(DIR);
    Files.write(DIR.resolve("drill-" + run + "-faults.tsv"), availability.faultLines());
    Files.writeString(
        DIR.resolve("drill-" + run + "-timeline.svg"),
        Timeline.svg(history, "Fault drill " + run + ": " + history.faults().size() + " faults"));
    return availability;
  }

  /** The command partition of a drill command: its guild's, as the requester's producer picks. */
  static int partitionOf(String commandId) {
    int i = Integer.parseInt(commandId.substring(commandId.lastIndexOf('-') + 1));
    byte[] key = guild(i).getBytes(StandardCharsets.UTF_8);
    return Utils.toPositive(Utils.murmur2(key)) % SuggestionTopics.PARTITIONS;
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
    return TestCommands.setToggle(
        id, guild(i), "VOTERS_VISIBLE", i % 2 == 0, TestCommands.ADMIN, "drill");
  }

  private static String guild(int i) {
    return "7012197662581063" + (10 + Math.floorMod(i, 24));
  }

  /**
   * Asks again, every 10 s, for every command without an answer: the same id gets the first
   * decision, so an info becomes an ok or a fail once the platform has healed. When some stay
   * undecided for 10 minutes, fails with the command group's state per partition.
   */
  private void resolveUndecided(CommandRequester requester) {
    try {
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
    } catch (ConditionTimeoutException e) {
      List<String> undecided = history.undecided();
      String state =
          undecided.size()
              + " commands still undecided after 10 minutes, e.g. "
              + undecided.subList(0, Math.min(5, undecided.size()))
              + "; "
              + admin.stallState();
      System.out.println(state);
      throw new AssertionError(state, e);
    }
  }

  private void writeHistory() throws IOException {
    Files.write(DIR.resolve("drill-" + run + "-history.tsv"), history.lines());
  }

  // Faults ------------------------------------------------------------------------------------

  private void strike(Fault fault) throws Exception {
    switch (fault) {
      case KILL_BROKER -> restartBroker(fault, 1 + random.nextInt(3), "kill -9 broker ");
      case KILL_CONTROLLER_LEADER ->
          restartBroker(fault, admin.controllerLeader(), "kill -9 controller leader ");
      case PAUSE_BROKER -> {
        int node = 1 + random.nextInt(3);
        int seconds = HOLD.draw(random);
        cluster.signal(node, "STOP");
        history.fault(fault.name(), "SIGSTOP broker " + node + " for " + seconds + " s");
        Thread.sleep(seconds * 1000L);
        cluster.signal(node, "CONT");
        history.faultOver();
        heals.add(admin.awaitHealthy());
      }
      case PARTITION_BROKER -> {
        int node = 1 + random.nextInt(3);
        int seconds = HOLD.draw(random);
        cluster.partition(node);
        history.fault(
            fault.name(), "network partition: broker " + node + " cut off for " + seconds + " s");
        Thread.sleep(seconds * 1000L);
        cluster.heal(node);
        history.faultOver();
        heals.add(admin.awaitHealthy());
      }
      case KILL_COMMAND_NODE -> restartNode(fault, random.nextBoolean() ? "command1" : "command2");
      case KILL_QUERY_NODE -> restartNode(fault, "query");
      case KILL_POSTGRES -> {
        killablePostgres.kill();
        history.fault(
            fault.name(),
            "kill -9 PostgreSQL (postmaster and every backend), down "
                + POSTGRES_DOWN.toSeconds()
                + " s");
        Thread.sleep(POSTGRES_DOWN.toMillis());
        killablePostgres.start(DIR.resolve(run).resolve("postgres.log"));
        history.faultOver();
      }
    }
  }

  private void restartBroker(Fault fault, int node, String what) throws Exception {
    int seconds = BROKER_DOWN.draw(random);
    cluster.signal(node, "KILL");
    history.fault(fault.name(), what + node + ", down " + seconds + " s");
    Thread.sleep(seconds * 1000L);
    cluster.startNode(node);
    history.faultOver();
    heals.add(admin.awaitHealthy());
  }

  private void restartNode(Fault fault, String node) throws IOException, InterruptedException {
    nodes.kill(node);
    history.fault(fault.name(), "kill -9 " + node + " node");
    nodes.start(node);
    history.faultOver();
    if (node.startsWith("command")) {
      // One fault on the write path at a time: the next may not strike the other command node
      // while this one starts. The query node is off the write path and may be struck starting.
      awaitServing(Set.of(node));
    }
  }

  /** A fault's length in whole seconds, from {@code min} to {@code max} inclusive. */
  record Hold(int min, int max) {

    Hold {
      if (min < 0 || max < min) {
        throw new IllegalArgumentException("a hold runs from min to max >= min >= 0 seconds");
      }
    }

    /** Reads {@code N} or {@code MIN-MAX} from a system property. */
    static Hold parse(String property, String fallback) {
      String value = System.getProperty(property, fallback).trim();
      try {
        String[] bounds = value.split("-", 2);
        int min = Integer.parseInt(bounds[0].trim());
        return new Hold(min, bounds.length == 1 ? min : Integer.parseInt(bounds[1].trim()));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "-D" + property + " takes seconds, N or MIN-MAX (e.g. 4-15): " + value, e);
      }
    }

    @Override
    public String toString() {
      return (min == max ? min : min + "-" + max) + " s";
    }

    int draw(Random random) {
      return min + random.nextInt(max - min + 1);
    }
  }

  private static List<Fault> kinds(String names) {
    if (names.isBlank()) {
      return List.of(Fault.values());
    }
    try {
      return Arrays.stream(names.split(",")).map(String::trim).map(Fault::valueOf).toList();
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "-Ddrill.kinds takes names from " + Arrays.toString(Fault.values()) + ": " + names, e);
    }
  }

  /** With two of three brokers down, min.insync.replicas=2 can not be met: nothing is acked. */
  private boolean refusesWritesWithTwoBrokersDown(CommandRequester requester) throws Exception {
    cluster.signal(1, "KILL");
    cluster.signal(2, "KILL");
    history.fault("QUORUM_LOST", "kill -9 brokers 1 and 2 (quorum lost)");
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

  /** Every broker running and reachable, every partition's ISR full, every node ready. */
  private void heal() throws Exception {
    for (int node = 1; node <= 3; node++) {
      cluster.heal(node);
      cluster.signal(node, "CONT");
    }
    cluster.startStopped();
    heals.add(admin.awaitHealthy());
    nodes.restartDead();
    awaitServing();
  }

  /** Every node's readiness probe answers 200 within 3 minutes, or the drill fails naming them. */
  private void awaitServing() {
    awaitServing(DrillNodes.SERVICES.keySet());
  }

  private void awaitServing(Set<String> which) {
    try {
      await()
          .atMost(Duration.ofSeconds(180))
          .pollInterval(Duration.ofMillis(500))
          .until(() -> Collections.disjoint(nodes.notServing(), which));
    } catch (ConditionTimeoutException e) {
      throw new AssertionError("Not serving after 3 minutes: " + nodes.notServing(), e);
    }
  }
}
