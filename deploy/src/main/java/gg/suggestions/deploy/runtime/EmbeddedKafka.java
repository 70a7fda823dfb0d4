package gg.suggestions.deploy.runtime;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real single-node KRaft broker running inside this JVM, keeping its data under one folder.
 *
 * <p>In-process rather than a child process: a crash of the platform cannot leave a stray broker
 * behind (Kafka's own directory lock dies with the JVM), and one JVM is lighter on two cores. The
 * server is Kafka's own {@code KafkaRaftServer}, the class {@code kafka.Kafka} starts.
 */
final class EmbeddedKafka implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(EmbeddedKafka.class);

  private final KafkaRaftServer server;
  private final String bootstrapServers;

  private EmbeddedKafka(KafkaRaftServer server, String bootstrapServers) {
    this.server = server;
    this.bootstrapServers = bootstrapServers;
  }

  static EmbeddedKafka start(Path dir, int port, int controllerPort, Duration readyTimeout)
      throws StartupProblem {
    var node = new KafkaNodeConfig(1, 1, "127.0.0.1", port, controllerPort, dir.resolve("logs"));
    try {
      Path file = node.writeTo(dir.resolve("server.properties"));
      if (!node.isFormatted()) {
        node.format(file, Uuid.randomUuid().toString());
        log.info("Formatted a new single-node Kafka log in {}", node.logDir());
      }
      Properties props = node.properties();
      var server = new KafkaRaftServer(KafkaConfig.fromProps(props, false), Time.SYSTEM);
      server.startup();
      var kafka = new EmbeddedKafka(server, node.bootstrapServers());
      kafka.awaitReady(readyTimeout);
      log.info("Embedded Kafka broker ready at {} (data in {})", kafka.bootstrapServers, dir);
      return kafka;
    } catch (IOException | RuntimeException e) {
      throw new StartupProblem(
          "The embedded Kafka broker could not start with data in " + dir + ": " + e.getMessage(),
          e);
    }
  }

  String bootstrapServers() {
    return bootstrapServers;
  }

  private void awaitReady(Duration timeout) {
    Properties props = new Properties();
    props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    try (Admin admin = Admin.create(props)) {
      admin.describeCluster().nodes().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (Exception e) {
      close();
      throw new IllegalStateException("the broker did not answer within " + timeout, e);
    }
  }

  @Override
  public void close() {
    server.shutdown();
    server.awaitShutdown();
    log.info("Embedded Kafka broker stopped");
  }
}
