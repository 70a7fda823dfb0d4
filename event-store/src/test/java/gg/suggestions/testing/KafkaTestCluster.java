package gg.suggestions.testing;

import gg.suggestions.eventstore.topic.Durability;
import gg.suggestions.eventstore.topic.SuggestionTopics;
import gg.suggestions.eventstore.topic.TopicProvisioner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.apache.kafka.metadata.bootstrap.BootstrapMetadata;
import org.apache.kafka.server.common.GroupVersion;
import org.apache.kafka.server.common.MetadataVersion;

/**
 * A real Kafka cluster for tests: 1 or 3 KRaft nodes.
 *
 * <p>By default it runs in-process on Kafka's own test kit (no Docker needed): one combined
 * broker-and-controller node, or three brokers beside a quorum of three controllers. Where a Docker
 * engine is available, a single-node cluster runs in Testcontainers instead. The system property
 * {@code suggestions.test.kafka} overrides the choice: {@code testkit}, {@code testcontainers} or
 * {@code auto} (the default). Multi-node clusters always use the test kit, which can stop and
 * restart a single broker while the controller quorum stays up.
 *
 * <p>Settings follow production where it matters for the tests: {@code auto.create.topics.enable}
 * is off, unclean leader election is off, and a three-node cluster keeps internal topics at
 * replication factor 3 with {@code min.insync.replicas=2}.
 */
public final class KafkaTestCluster implements AutoCloseable {

  private final Backend backend;

  private KafkaTestCluster(Backend backend) {
    this.backend = backend;
  }

  /** Starts a cluster of {@code nodes} brokers (1 or 3). */
  public static KafkaTestCluster start(int nodes) {
    if (nodes != 1 && nodes != 3) {
      throw new IllegalArgumentException("A test cluster has 1 or 3 nodes, not " + nodes);
    }
    try {
      return new KafkaTestCluster(
          nodes == 1 && useTestcontainers() ? new ContainerBackend() : new TestKitBackend(nodes));
    } catch (Exception e) {
      throw new IllegalStateException("Could not start a Kafka test cluster of " + nodes, e);
    }
  }

  public String bootstrapServers() {
    return backend.bootstrapServers();
  }

  /** Ids of the brokers, whether running or stopped. */
  public Set<Integer> brokerIds() {
    return backend.brokerIds();
  }

  /** Stops one broker with a controlled shutdown; the controller quorum stays up. */
  public void stopBroker(int id) {
    backend.stopBroker(id);
  }

  /** Starts a broker stopped earlier. */
  public void startBroker(int id) {
    backend.startBroker(id);
  }

  /** Creates the platform's topics with the durability this cluster's size allows. */
  public KafkaTestCluster withTopics() {
    Durability durability =
        brokerIds().size() == 1 ? Durability.SINGLE_BROKER_DEVELOPMENT : Durability.PRODUCTION;
    try (Admin admin = admin()) {
      new TopicProvisioner(admin, durability, Duration.ofSeconds(30))
          .provision(SuggestionTopics.all());
      return this;
    } catch (Exception e) {
      throw new IllegalStateException("Could not create the platform's topics", e);
    }
  }

  /** A new admin client for this cluster; the caller closes it. */
  public Admin admin() {
    Properties props = new Properties();
    props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
    return Admin.create(props);
  }

  @Override
  public void close() {
    try {
      backend.close();
    } catch (Exception e) {
      throw new IllegalStateException("Could not stop the Kafka test cluster", e);
    }
  }

  private static boolean useTestcontainers() {
    String choice = System.getProperty("suggestions.test.kafka", "auto");
    return switch (choice) {
      case "testkit" -> false;
      case "testcontainers" -> true;
      case "auto" -> dockerEngineLikelyAvailable() && ContainerBackend.dockerAvailable();
      default ->
          throw new IllegalArgumentException(
              "suggestions.test.kafka must be auto, testkit or testcontainers, not " + choice);
    };
  }

  /** A cheap check first, so machines without Docker never wait on Testcontainers' probes. */
  private static boolean dockerEngineLikelyAvailable() {
    return System.getenv("DOCKER_HOST") != null
        || Files.exists(Path.of("/var/run/docker.sock"))
        || Files.exists(Path.of(System.getProperty("user.home"), ".docker", "run", "docker.sock"));
  }

  private interface Backend extends AutoCloseable {
    String bootstrapServers();

    Set<Integer> brokerIds();

    void stopBroker(int id);

    void startBroker(int id);
  }

  private static final class TestKitBackend implements Backend {

    private final KafkaClusterTestKit kit;

    TestKitBackend(int nodes) throws Exception {
      KafkaClusterTestKit.Builder builder =
          new KafkaClusterTestKit.Builder(
              new TestKitNodes.Builder()
                  // Three combined nodes hit a KRaft UpdateVoter failure in Kafka 4.1's kit that
                  // kills two raft threads; separate controllers run cleanly and keep the quorum
                  // up while brokers are stopped.
                  .setCombined(nodes == 1)
                  // The kit defaults to the newest, unreleased metadata version.
                  // The consumer group protocol (KIP-848), which the command loop uses, as a
                  // cluster formatted by kafka-storage has it.
                  .setBootstrapMetadata(
                      BootstrapMetadata.fromVersions(
                          MetadataVersion.latestProduction(),
                          Map.of(GroupVersion.FEATURE_NAME, GroupVersion.GV_1.featureLevel()),
                          "suggestions test cluster"))
                  .setNumBrokerNodes(nodes)
                  .setNumControllerNodes(nodes)
                  .build());
      settings(nodes).forEach(builder::setConfigProp);
      kit = builder.build();
      kit.format();
      kit.startup();
      kit.waitForReadyBrokers();
    }

    private static Map<String, Object> settings(int nodes) {
      int replicas = nodes == 1 ? 1 : 3;
      int minIsr = nodes == 1 ? 1 : 2;
      Map<String, Object> settings = new HashMap<>();
      settings.put("auto.create.topics.enable", "false");
      settings.put("unclean.leader.election.enable", "false");
      settings.put("default.replication.factor", replicas);
      settings.put("min.insync.replicas", minIsr);
      settings.put("offsets.topic.replication.factor", (short) replicas);
      settings.put("transaction.state.log.replication.factor", (short) replicas);
      settings.put("transaction.state.log.min.isr", minIsr);
      settings.put("group.initial.rebalance.delay.ms", 0);
      // A stopped broker is fenced out of the ISR within seconds, not the default 9 s.
      settings.put("broker.session.timeout.ms", 3000);
      settings.put("broker.heartbeat.interval.ms", 500);
      // Consumer-protocol groups (the command loop's) time out in 6 s, not the default 45 s.
      settings.put("group.consumer.min.session.timeout.ms", 6000);
      settings.put("group.consumer.session.timeout.ms", 6000);
      settings.put("group.consumer.min.heartbeat.interval.ms", 500);
      settings.put("group.consumer.heartbeat.interval.ms", 500);
      // The 128 MiB default dedupe buffer sits on the heap of the test JVM.
      settings.put("log.cleaner.dedupe.buffer.size", 16 * 1024 * 1024L);
      settings.put("num.network.threads", 2);
      settings.put("num.io.threads", 2);
      return settings;
    }

    @Override
    public String bootstrapServers() {
      return kit.bootstrapServers();
    }

    @Override
    public Set<Integer> brokerIds() {
      return new TreeSet<>(kit.brokers().keySet());
    }

    @Override
    public void stopBroker(int id) {
      broker(id).shutdown();
      broker(id).awaitShutdown();
    }

    @Override
    public void startBroker(int id) {
      broker(id).startup();
    }

    private kafka.server.BrokerServer broker(int id) {
      var broker = kit.brokers().get(id);
      if (broker == null) {
        throw new IllegalArgumentException("No broker " + id + " in " + brokerIds());
      }
      return broker;
    }

    @Override
    public void close() throws Exception {
      kit.close();
    }
  }

  /** Loaded only when chosen, so Testcontainers is needed on the classpath only then. */
  private static final class ContainerBackend implements Backend {

    private static final String IMAGE =
        "apache/kafka:" + org.apache.kafka.common.utils.AppInfoParser.getVersion();

    private final org.testcontainers.kafka.KafkaContainer container;

    ContainerBackend() {
      container = new org.testcontainers.kafka.KafkaContainer(IMAGE);
      container.withEnv("KAFKA_AUTO_CREATE_TOPICS_ENABLE", "false");
      container.withEnv("KAFKA_GROUP_INITIAL_REBALANCE_DELAY_MS", "0");
      container.start();
    }

    static boolean dockerAvailable() {
      return org.testcontainers.DockerClientFactory.instance().isDockerAvailable();
    }

    @Override
    public String bootstrapServers() {
      return container.getBootstrapServers();
    }

    @Override
    public Set<Integer> brokerIds() {
      return Set.of(1);
    }

    @Override
    public void stopBroker(int id) {
      throw new UnsupportedOperationException(
          "A Testcontainers cluster cannot stop one broker; use -Dsuggestions.test.kafka=testkit");
    }

    @Override
    public void startBroker(int id) {
      throw new UnsupportedOperationException(
          "A Testcontainers cluster cannot restart one broker; use -Dsuggestions.test.kafka=testkit");
    }

    @Override
    public void close() {
      container.close();
    }
  }
}
