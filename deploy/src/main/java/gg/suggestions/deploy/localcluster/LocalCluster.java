package gg.suggestions.deploy.localcluster;

import gg.suggestions.deploy.runtime.KafkaNodeConfig;
import gg.suggestions.eventstore.topic.Durability;
import gg.suggestions.eventstore.topic.SuggestionTopics;
import gg.suggestions.eventstore.topic.TopicProvisioner;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.Uuid;

/**
 * The Java side of {@code deploy/local-cluster/*}: writes and formats the node configurations,
 * provisions the topics with production durability, and prints the cluster's state. The scripts
 * start and stop the broker processes.
 */
public final class LocalCluster {

  static final int NODES = 3;
  static final int CLIENT_PORT = 19092;
  static final int CONTROLLER_PORT = 19192;

  private final PrintStream out;

  public LocalCluster(PrintStream out) {
    this.out = out;
  }

  /** Runs one sub-command and returns the process exit code. */
  public int run(List<String> args) throws Exception {
    if (args.size() != 2) {
      return usage();
    }
    return switch (args.get(0)) {
      case "configure" -> configure(Path.of(args.get(1)));
      case "provision" -> provision(args.get(1));
      case "status" -> status(args.get(1));
      default -> usage();
    };
  }

  private int usage() {
    out.println(
        "usage: local-cluster configure <dir> | provision <bootstrap> | status <bootstrap>");
    return 64;
  }

  /** Writes node-N/server.properties and formats every node once, with one cluster id. */
  private int configure(Path dir) throws Exception {
    Path idFile = dir.resolve("cluster.id");
    Files.createDirectories(dir);
    if (!Files.exists(idFile)) {
      Files.writeString(idFile, Uuid.randomUuid().toString());
    }
    String clusterId = Files.readString(idFile).trim();
    for (int n = 1; n <= NODES; n++) {
      Path nodeDir = dir.resolve("node-" + n);
      var node =
          new KafkaNodeConfig(
              n, NODES, "127.0.0.1", CLIENT_PORT, CONTROLLER_PORT, nodeDir.resolve("logs"));
      Path file = node.writeTo(nodeDir.resolve("server.properties"));
      if (!node.isFormatted()) {
        node.format(file, clusterId);
      }
    }
    out.println(bootstrapServers());
    return 0;
  }

  static String bootstrapServers() {
    return new KafkaNodeConfig(1, NODES, "127.0.0.1", CLIENT_PORT, CONTROLLER_PORT, Path.of("."))
        .bootstrapServers();
  }

  private int provision(String bootstrap) throws Exception {
    try (Admin admin = admin(bootstrap)) {
      var created =
          new TopicProvisioner(admin, Durability.PRODUCTION, Duration.ofSeconds(30))
              .provision(SuggestionTopics.all());
      out.println("topics ready; created now: " + (created.isEmpty() ? "none" : created));
      return 0;
    }
  }

  private int status(String bootstrap) throws Exception {
    try (Admin admin = admin(bootstrap)) {
      var cluster = admin.describeCluster();
      var brokers = cluster.nodes().get(10, TimeUnit.SECONDS);
      var controller = cluster.controller().get(10, TimeUnit.SECONDS);
      out.println("brokers up: " + ids(brokers) + "  (active controller: " + controller.id() + ")");
      var topics = admin.listTopics().names().get(10, TimeUnit.SECONDS);
      if (!topics.contains(SuggestionTopics.EVENTS)) {
        out.println(SuggestionTopics.EVENTS + ": not created yet");
        return 0;
      }
      var events =
          admin
              .describeTopics(List.of(SuggestionTopics.EVENTS))
              .allTopicNames()
              .get(10, TimeUnit.SECONDS)
              .get(SuggestionTopics.EVENTS);
      out.println(SuggestionTopics.EVENTS + ":");
      for (TopicPartitionInfo p : events.partitions()) {
        out.printf(
            "  partition %2d  leader %-4s replicas %-9s isr %-9s%s%n",
            p.partition(),
            p.leader() == null || p.leader().isEmpty() ? "none" : p.leader().id(),
            ids(p.replicas()),
            ids(p.isr()),
            p.isr().size() < 2 ? "  UNDER MIN ISR: writes refused" : "");
      }
      return 0;
    }
  }

  private static String ids(java.util.Collection<Node> nodes) {
    return nodes.stream()
        .map(Node::id)
        .sorted(Comparator.naturalOrder())
        .map(String::valueOf)
        .collect(Collectors.joining(",", "[", "]"));
  }

  private static Admin admin(String bootstrap) {
    Properties props = new Properties();
    props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 15_000);
    props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000);
    return Admin.create(props);
  }
}
