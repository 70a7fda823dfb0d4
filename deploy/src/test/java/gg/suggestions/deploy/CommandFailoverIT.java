package gg.suggestions.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import gg.suggestions.eventstore.envelope.EventEnvelope;
import gg.suggestions.eventstore.envelope.ReplyEnvelope;
import gg.suggestions.testing.KafkaTestCluster;
import gg.suggestions.testing.TestCommands;
import gg.suggestions.testing.TestPostgres;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Two command nodes, each its own OS process with its own replica database, share the command
 * partitions. One is killed with SIGKILL in the middle of a steady load: the survivor fences its
 * partitions, catches their replicas up from the log and carries on. Every command is answered once
 * handled, and every acknowledged command has exactly one event on the log.
 */
class CommandFailoverIT {

  @RegisterExtension static final TestPostgres postgres = new TestPostgres();

  private static final int COMMANDS = 90;

  private final Path dir = Path.of("target", "it-data", UUID.randomUUID().toString());

  @Test
  void killingACommandNodeMidLoadLosesAndDuplicatesNothing() throws Exception {
    try (KafkaTestCluster cluster = KafkaTestCluster.start(3).withTopics()) {
      PlatformProcess doomed = node("a", cluster);
      PlatformProcess survivor = node("b", cluster);
      await().atMost(Duration.ofSeconds(120)).until(() -> doomed.isReady() && survivor.isReady());
      AtomicReference<Instant> killedAt = new AtomicReference<>();
      try (var gateway = TestCommands.gateway(cluster.bootstrapServers())) {
        TestCommands.sendAtFixedRate(
            gateway,
            COMMANDS,
            Duration.ofMillis(50),
            CommandFailoverIT::record,
            i -> {
              if (i == COMMANDS / 3) {
                doomed.kill();
                killedAt.set(Instant.now());
              }
            });
      }

      await().atMost(Duration.ofSeconds(120)).until(() -> replies(cluster).size() == COMMANDS);
      Map<String, ReplyEnvelope> replies = replies(cluster);
      Map<String, Long> eventsPerCommand =
          loggedEvents(cluster).stream()
              .collect(Collectors.groupingBy(e -> e.metadata().commandId(), Collectors.counting()));

      assertThat(replies.values()).allMatch(ReplyEnvelope::accepted);
      assertThat(eventsPerCommand.keySet()).containsExactlyInAnyOrderElementsOf(replies.keySet());
      assertThat(eventsPerCommand.values()).containsOnly(1L);
      System.out.printf(
          "Failover: the last command was answered %d ms after the kill%n",
          Duration.between(killedAt.get(), latestAnswer(replies)).toMillis());
      survivor.stop();
    }
  }

  private PlatformProcess node(String name, KafkaTestCluster cluster) throws Exception {
    new JdbcTemplate(postgres.dataSource()).execute("CREATE DATABASE node_" + name);
    String url = postgres.jdbcUrl().replace("/postgres?", "/node_" + name + "?");
    Map<String, String> env = new HashMap<>();
    env.put("SUGGESTIONS_KAFKA_BOOTSTRAP_SERVERS", cluster.bootstrapServers());
    env.put("SUGGESTIONS_DB_URL", url);
    env.put("SUGGESTIONS_DB_USER", postgres.user());
    env.put("SUGGESTIONS_DATA_DIR", dir.resolve(name).toString());
    return PlatformProcess.start(dir.resolve(name + ".log"), env);
  }

  private static Instant latestAnswer(Map<String, ReplyEnvelope> replies) {
    return replies.values().stream()
        .map(ReplyEnvelope::handledAt)
        .max(Instant::compareTo)
        .orElseThrow();
  }

  private static Map<String, ReplyEnvelope> replies(KafkaTestCluster cluster) {
    Map<String, ReplyEnvelope> replies = new HashMap<>();
    TestCommands.replies(cluster.bootstrapServers()).stream()
        .filter(r -> r.commandId().startsWith("failover-"))
        .forEach(r -> replies.put(r.commandId(), r));
    return replies;
  }

  private static List<EventEnvelope> loggedEvents(KafkaTestCluster cluster) {
    return TestCommands.events(cluster.bootstrapServers()).stream()
        .filter(e -> e.metadata().commandId().startsWith("failover-"))
        .toList();
  }

  private static ProducerRecord<String, byte[]> record(int i) {
    String guild = "6012197662581063" + (10 + i % 24);
    return TestCommands.record(
        TestCommands.setToggle(
            "failover-" + i,
            guild,
            "VOTERS_VISIBLE",
            i % 2 == 0,
            TestCommands.ADMIN,
            "failover-it"));
  }
}
