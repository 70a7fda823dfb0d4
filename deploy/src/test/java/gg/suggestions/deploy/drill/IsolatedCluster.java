package gg.suggestions.deploy.drill;

import static org.awaitility.Awaitility.await;

import gg.suggestions.deploy.runtime.KafkaNodeConfig;
import gg.suggestions.eventstore.topic.Durability;
import gg.suggestions.eventstore.topic.SuggestionTopics;
import gg.suggestions.eventstore.topic.TopicProvisioner;
import java.io.IOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/**
 * Three KRaft nodes (broker and controller each), one OS process per node, each in its own network
 * namespace behind a veth pair on one bridge, so one node can be cut off from everything (a network
 * partition) by taking its link down. Same shape as the local cluster: replication factor 3, {@code
 * min.insync.replicas=2}, 2 s broker session timeout. Needs root (network namespaces); nothing of
 * it outlives {@link #close()}.
 */
final class IsolatedCluster implements AutoCloseable {

  private static final int NODES = 3;
  private static final int CLIENT_PORT = 19092;
  private static final int CONTROLLER_PORT = 19192;
  private static final String BOOTSTRAP = AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG;

  private final Path dir;

  /** This cluster's subnet {@code 10.99.<net>.0/24} and the suffix of its interfaces' names. */
  private final int net;

  private IsolatedCluster(Path dir, int net) {
    this.dir = dir;
    this.net = net;
  }

  /** Whether this process may create network namespaces. */
  static boolean isPossible() {
    try {
      return "root".equals(System.getProperty("user.name"))
          && new ProcessBuilder("ip", "netns", "list").start().waitFor() == 0;
    } catch (IOException | InterruptedException e) {
      return false;
    }
  }

  /** Sets up the network, formats fresh nodes under {@code dir}, starts them, creates topics. */
  static IsolatedCluster start(Path dir) throws Exception {
    // Its own subnet and names, so two drills (a long run and the test run's smoke) can coexist.
    int net = 1 + (int) (ProcessHandle.current().pid() % 250);
    IsolatedCluster cluster = new IsolatedCluster(dir.toAbsolutePath(), net);
    cluster.removeNetwork();
    ip("link", "add", cluster.bridge(), "type", "bridge");
    ip("addr", "add", cluster.gateway() + "/24", "dev", cluster.bridge());
    ip("link", "set", cluster.bridge(), "up");
    for (int n = 1; n <= NODES; n++) {
      String namespace = cluster.namespace(n);
      ip("netns", "add", namespace);
      ip(
          "link",
          "add",
          cluster.link(n),
          "type",
          "veth",
          "peer",
          "name",
          "eth0",
          "netns",
          namespace);
      ip("link", "set", cluster.link(n), "master", cluster.bridge());
      ip("link", "set", cluster.link(n), "up");
      ip("-n", namespace, "addr", "add", cluster.address(n) + "/24", "dev", "eth0");
      ip("-n", namespace, "link", "set", "eth0", "up");
      ip("-n", namespace, "link", "set", "lo", "up");
    }
    cluster.configure();
    cluster.startStopped();
    try (Admin admin = Admin.create(Map.of(BOOTSTRAP, cluster.bootstrapServers()))) {
      await()
          .atMost(Duration.ofSeconds(120))
          .ignoreExceptions()
          .until(() -> admin.describeCluster().nodes().get(5, TimeUnit.SECONDS).size() == NODES);
      new TopicProvisioner(admin, Durability.PRODUCTION, Duration.ofSeconds(30))
          .provision(SuggestionTopics.all());
    }
    return cluster;
  }

  String bootstrapServers() {
    return IntStream.rangeClosed(1, NODES)
        .mapToObj(n -> address(n) + ":" + (CLIENT_PORT + n - 1))
        .collect(Collectors.joining(","));
  }

  /** Where node n keeps its data, its log and its pid file: {@code node-n}. */
  Path dir() {
    return dir;
  }

  /** Starts every node whose process is not running, without waiting for it. */
  void startStopped() throws IOException {
    for (int n = 1; n <= NODES; n++) {
      if (pid(n) == null) {
        startNode(n);
      }
    }
  }

  /** Starts node {@code n} in its namespace, without waiting for it. */
  void startNode(int n) throws IOException {
    Path nodeDir = dir.resolve("node-" + n);
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    // From the test classpath, with the client compiler only: on two shared cores a broker's
    // start-up time is mostly class loading and JIT, and a drill does not need its peak speed.
    Process process =
        new ProcessBuilder(
                "ip",
                "netns",
                "exec",
                namespace(n),
                java,
                "-Xms256m",
                "-Xmx256m",
                "-XX:TieredStopAtLevel=1",
                "-cp",
                System.getProperty("java.class.path"),
                "kafka.Kafka",
                nodeDir.resolve("server.properties").toString())
            .redirectErrorStream(true)
            .redirectOutput(
                ProcessBuilder.Redirect.appendTo(nodeDir.resolve("broker.log").toFile()))
            .start();
    Files.writeString(nodeDir.resolve("pid"), Long.toString(process.pid()));
  }

  /** Sends {@code signal} (KILL, STOP, CONT) to node {@code n}; a killed node forgets its pid. */
  void signal(int n, String signal) throws IOException, InterruptedException {
    String pid = pid(n);
    if (pid == null) {
      return;
    }
    new ProcessBuilder("kill", "-" + signal, pid).inheritIO().start().waitFor();
    if ("KILL".equals(signal)) {
      ProcessHandle.of(Long.parseLong(pid))
          .ifPresent(p -> p.onExit().orTimeout(10, TimeUnit.SECONDS).join());
      Files.delete(dir.resolve("node-" + n).resolve("pid"));
    }
  }

  /** Cuts node {@code n} off from every other process: its only link goes down. */
  void partition(int n) throws IOException, InterruptedException {
    ip("link", "set", link(n), "down");
  }

  void heal(int n) throws IOException, InterruptedException {
    ip("link", "set", link(n), "up");
  }

  @Override
  public void close() throws Exception {
    // SIGTERM to all at once: a last broker can not finish a controlled shutdown alone.
    for (int n = 1; n <= NODES; n++) {
      heal(n);
      signal(n, "CONT");
      signal(n, "TERM");
    }
    for (int n = 1; n <= NODES; n++) {
      String pid = pid(n);
      var process = pid == null ? null : ProcessHandle.of(Long.parseLong(pid)).orElse(null);
      if (process != null) {
        try {
          process.onExit().get(30, TimeUnit.SECONDS);
        } catch (TimeoutException stillRunning) {
          signal(n, "KILL");
        }
      }
      Files.deleteIfExists(dir.resolve("node-" + n).resolve("pid"));
    }
    removeNetwork();
  }

  private void configure() throws IOException {
    String clusterId = org.apache.kafka.common.Uuid.randomUuid().toString();
    String voters =
        IntStream.rangeClosed(1, NODES)
            .mapToObj(n -> n + "@" + address(n) + ":" + (CONTROLLER_PORT + n - 1))
            .collect(Collectors.joining(","));
    for (int n = 1; n <= NODES; n++) {
      Path nodeDir = dir.resolve("node-" + n);
      var node =
          new KafkaNodeConfig(
              n, NODES, address(n), CLIENT_PORT, CONTROLLER_PORT, nodeDir.resolve("logs"));
      Properties properties = node.properties();
      properties.setProperty("controller.quorum.voters", voters);
      Path file = nodeDir.resolve("server.properties");
      Files.createDirectories(nodeDir);
      try (Writer out = Files.newBufferedWriter(file)) {
        properties.store(out, "Fault drill node " + n + " in namespace " + namespace(n));
      }
      node.format(file, clusterId);
    }
  }

  private String pid(int n) throws IOException {
    Path file = dir.resolve("node-" + n).resolve("pid");
    return Files.exists(file) ? Files.readString(file).strip() : null;
  }

  private String namespace(int n) {
    return "drill" + net + "-b" + n;
  }

  /** Interface names: at most 15 characters. */
  private String link(int n) {
    return "drv" + net + "x" + n;
  }

  private String bridge() {
    return "drbr" + net;
  }

  private String gateway() {
    return "10.99." + net + ".1";
  }

  private String address(int n) {
    return "10.99." + net + "." + (10 + n);
  }

  private void removeNetwork() throws IOException, InterruptedException {
    for (int n = 1; n <= NODES; n++) {
      run(List.of("ip", "link", "del", link(n)), false);
      run(List.of("ip", "netns", "del", namespace(n)), false);
    }
    run(List.of("ip", "link", "del", bridge()), false);
  }

  private static void ip(String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("ip"));
    command.addAll(List.of(args));
    run(command, true);
  }

  private static void run(List<String> command, boolean mustSucceed)
      throws IOException, InterruptedException {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes());
    if (process.waitFor() != 0 && mustSucceed) {
      throw new IOException(String.join(" ", command) + " failed: " + output.strip());
    }
  }
}
