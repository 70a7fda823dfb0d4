package gg.suggestions.deploy.bench;

import gg.suggestions.eventstore.topic.Durability;
import gg.suggestions.eventstore.topic.SuggestionTopics;
import gg.suggestions.eventstore.topic.TopicProvisioner;
import gg.suggestions.eventstore.topic.TopicSpec;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The three-broker local cluster ({@code deploy/local-cluster}) the benchmarks run on: one OS
 * process per broker, replication factor 3, {@code min.insync.replicas=2}. Started afresh under
 * {@code target/bench/cluster} and stopped at the end, unless {@code BENCH_BOOTSTRAP_SERVERS} names
 * a cluster that is already running.
 */
public final class BenchCluster implements AutoCloseable {

  static final String LOCAL_BOOTSTRAP = "127.0.0.1:19092,127.0.0.1:19093,127.0.0.1:19094";

  private final String bootstrapServers;
  private final Path dir;

  private BenchCluster(String bootstrapServers, Path dir) {
    this.bootstrapServers = bootstrapServers;
    this.dir = dir;
  }

  public static BenchCluster start(Path benchDir) throws Exception {
    String external = System.getenv("BENCH_BOOTSTRAP_SERVERS");
    if (external != null && !external.isBlank()) {
      return new BenchCluster(external, null);
    }
    for (String address : LOCAL_BOOTSTRAP.split(",")) {
      if (answers(address)) {
        // The start script would take another run's brokers on these ports for its own.
        throw new IllegalStateException(
            "A broker already listens on " + address + ": another benchmark is running");
      }
    }
    Path dir = benchDir.resolve("cluster").toAbsolutePath();
    deleteRecursively(dir);
    BenchCluster cluster = new BenchCluster(LOCAL_BOOTSTRAP, dir);
    try {
      script("start", dir);
      for (int n = 1; n <= 3; n++) {
        if (ProcessHandle.of(cluster.brokerPid(n)).filter(ProcessHandle::isAlive).isEmpty()) {
          throw new IllegalStateException("Broker " + n + " exited at start; see its broker.log");
        }
      }
    } catch (RuntimeException | IOException e) {
      script("stop", dir); // Nodes that did start must not outlive the run.
      throw e;
    }
    return cluster;
  }

  public String bootstrapServers() {
    return bootstrapServers;
  }

  /** Where the nodes keep their data, logs and pid files; {@code null} for an external cluster. */
  public Path dir() {
    return dir;
  }

  /** The OS process id of broker {@code node} (1 to 3) of a cluster this run started. */
  public long brokerPid(int node) throws IOException {
    return Long.parseLong(Files.readString(dir.resolve("node-" + node).resolve("pid")).strip());
  }

  private static boolean answers(String address) {
    String[] hostAndPort = address.split(":");
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(hostAndPort[0], Integer.parseInt(hostAndPort[1])), 500);
      return true;
    } catch (IOException nobody) {
      return false;
    }
  }

  /**
   * A producer for seeding the log: acks=all, batched and compressed, since nobody waits on one.
   */
  KafkaProducer<String, byte[]> seedingProducer() {
    return new KafkaProducer<>(
        Map.<String, Object>of(
            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
            bootstrapServers,
            ProducerConfig.ACKS_CONFIG,
            "all",
            ProducerConfig.LINGER_MS_CONFIG,
            20,
            ProducerConfig.BATCH_SIZE_CONFIG,
            262_144,
            ProducerConfig.COMPRESSION_TYPE_CONFIG,
            "lz4"),
        new StringSerializer(),
        new ByteArraySerializer());
  }

  /** Starts every node that is not running and waits until all three brokers are up. */
  public void startStopped() throws IOException, InterruptedException {
    script("start", dir);
  }

  /** Creates a topic shaped like the event log (12 partitions, RF 3, min ISR 2). */
  void createEventLikeTopic(String name) throws Exception {
    TopicSpec events =
        SuggestionTopics.all().stream()
            .filter(t -> t.name().equals(SuggestionTopics.EVENTS))
            .findFirst()
            .orElseThrow();
    try (Admin admin =
        Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
      new TopicProvisioner(admin, Durability.PRODUCTION, Duration.ofSeconds(30))
          .provision(List.of(new TopicSpec(name, events.partitions(), events.configs())));
    }
  }

  @Override
  public void close() throws Exception {
    if (dir != null) {
      script("stop", dir);
    }
  }

  private static void script(String name, Path dir) throws IOException, InterruptedException {
    var builder = new ProcessBuilder("bash", Path.of("local-cluster", name).toString()).inheritIO();
    builder.environment().put("SUGGESTIONS_LOCAL_CLUSTER_DIR", dir.toString());
    int exit = builder.start().waitFor();
    if (exit != 0) {
      throw new IllegalStateException("local-cluster/" + name + " exited with " + exit);
    }
  }

  static void deleteRecursively(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
