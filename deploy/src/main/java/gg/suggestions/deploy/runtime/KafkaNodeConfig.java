package gg.suggestions.deploy.runtime;

import java.io.IOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * The server properties of one combined broker-and-controller KRaft node in a cluster of 1 or 3
 * nodes on this host. One node is the embedded development broker; three are the production shape
 * (replication factor 3, {@code min.insync.replicas=2}) used by the local cluster.
 *
 * @param nodeId the node id, from 1
 * @param nodes how many nodes the cluster has
 * @param host the address every listener binds to
 * @param clientPort the first client port; node n listens on {@code clientPort + n - 1}
 * @param controllerPort the first controller port; node n on {@code controllerPort + n - 1}
 * @param logDir where this node keeps its data
 */
public record KafkaNodeConfig(
    int nodeId, int nodes, String host, int clientPort, int controllerPort, Path logDir) {

  public String bootstrapServers() {
    return IntStream.rangeClosed(1, nodes)
        .mapToObj(n -> host + ":" + (clientPort + n - 1))
        .collect(Collectors.joining(","));
  }

  public int myClientPort() {
    return clientPort + nodeId - 1;
  }

  public int myControllerPort() {
    return controllerPort + nodeId - 1;
  }

  public Properties properties() {
    int replicas = nodes == 1 ? 1 : 3;
    int minIsr = nodes == 1 ? 1 : 2;
    Properties p = new Properties();
    p.setProperty("node.id", Integer.toString(nodeId));
    p.setProperty("process.roles", "broker,controller");
    p.setProperty(
        "listeners",
        "PLAINTEXT://"
            + host
            + ":"
            + myClientPort()
            + ",CONTROLLER://"
            + host
            + ":"
            + myControllerPort());
    p.setProperty("advertised.listeners", "PLAINTEXT://" + host + ":" + myClientPort());
    p.setProperty("controller.listener.names", "CONTROLLER");
    p.setProperty("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
    p.setProperty("controller.quorum.voters", voters());
    p.setProperty("log.dirs", logDir.toAbsolutePath().toString());
    p.setProperty("default.replication.factor", Integer.toString(replicas));
    p.setProperty("min.insync.replicas", Integer.toString(minIsr));
    p.setProperty("offsets.topic.replication.factor", Integer.toString(replicas));
    p.setProperty("transaction.state.log.replication.factor", Integer.toString(replicas));
    p.setProperty("transaction.state.log.min.isr", Integer.toString(minIsr));
    p.setProperty("unclean.leader.election.enable", "false");
    p.setProperty("auto.create.topics.enable", "false");
    p.setProperty("group.initial.rebalance.delay.ms", "0");
    // Faster failover: a dead or hung broker is fenced, loses its leaderships and leaves every ISR
    // after 2 s instead of 9 s. Every acks=all write to a partition it replicates waits that long
    // (all three replicas are in every ISR), so it is the floor of any broker fault's cost; four
    // heartbeats fit in it.
    p.setProperty("broker.session.timeout.ms", "2000");
    p.setProperty("broker.heartbeat.interval.ms", "500");
    // A transaction left open (its writer died or hangs) hides every later record of its
    // partitions from read_committed readers until it is aborted: after the writers' 15 s
    // transaction timeout, found by a sweep that runs every 10 s by default; every 2 s here.
    p.setProperty("transaction.abort.timed.out.transaction.cleanup.interval.ms", "2000");
    // A follower that stops fetching but still heartbeats to the controller (a slow disk, a link
    // cut to the leader only) holds every acks=all write of its partitions until it leaves the
    // ISR: after 30 s by default, 10 s here. A broker that stops altogether is fenced by the
    // controller after the 2 s session and leaves every ISR at once.
    p.setProperty("replica.lag.time.max.ms", "10000");
    // Groups on the consumer protocol (KIP-848, SUGGESTIONS_COMMAND_GROUP_PROTOCOL=consumer) are
    // timed by the brokers: the same 6 s session and 0.5 s heartbeat as the classic command
    // group, where Kafka's defaults (45 s, 5 s, and floors at those) would leave a dead node's
    // partitions unowned for 45 s.
    p.setProperty("group.consumer.min.session.timeout.ms", "6000");
    p.setProperty("group.consumer.session.timeout.ms", "6000");
    p.setProperty("group.consumer.min.heartbeat.interval.ms", "500");
    p.setProperty("group.consumer.heartbeat.interval.ms", "500");
    // The 128 MiB default dedupe buffer sits on the heap and breaks small heaps.
    p.setProperty("log.cleaner.dedupe.buffer.size", Integer.toString(16 * 1024 * 1024));
    // A transaction's first write to a partition while the coordinator still writes the previous
    // commit's markers is retried on the broker: after 20 ms by default, up to 100 ms, then the
    // producer retries. A command partition commits back to back under load, so every wait here
    // lengthens every commit; 2 ms retries as soon as the markers are likely written.
    // A transaction's first write to each partition is verified with the transaction coordinator.
    // Its events and interactions partitions ask at the same moment; the second is refused with
    // CONCURRENT_TRANSACTIONS while the coordinator logs the first, and retried on the broker after
    // this backoff. Kafka's 20 ms made the median commit of one command 23 ms where 2 ms gave 8.5
    // ms (CommandBudgetBench, one caller); 5 ms keeps most of that gain with fewer retries.
    p.setProperty("add.partitions.to.txn.retry.backoff.ms", "5");
    // Two cores are shared by brokers, database and services.
    p.setProperty("num.network.threads", "2");
    p.setProperty("num.io.threads", "4");
    return p;
  }

  private String voters() {
    return IntStream.rangeClosed(1, nodes)
        .mapToObj(n -> n + "@" + host + ":" + (controllerPort + n - 1))
        .collect(Collectors.joining(","));
  }

  /** Writes the properties file a {@code kafka.Kafka} process or the storage formatter reads. */
  public Path writeTo(Path file) throws IOException {
    Files.createDirectories(file.getParent());
    try (Writer out = Files.newBufferedWriter(file)) {
      properties().store(out, "Suggestions KRaft node " + nodeId + " of " + nodes);
    }
    return file;
  }

  /** Whether the node's log directory was formatted already. */
  public boolean isFormatted() {
    return Files.exists(logDir.resolve("meta.properties"));
  }

  /** Formats the log directory for {@code clusterId}, as {@code kafka-storage format} does. */
  public void format(Path propertiesFile, String clusterId) throws IOException {
    var out = new java.io.ByteArrayOutputStream();
    int status =
        kafka.tools.StorageTool.execute(
            new String[] {"format", "-t", clusterId, "-c", propertiesFile.toString()},
            new java.io.PrintStream(out, true, java.nio.charset.StandardCharsets.UTF_8));
    if (status != 0) {
      throw new IOException(
          "Formatting Kafka storage in " + logDir + " failed: " + out.toString().trim());
    }
  }
}
