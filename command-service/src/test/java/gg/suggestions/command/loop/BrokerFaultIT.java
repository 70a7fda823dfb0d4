package gg.suggestions.command.loop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import gg.suggestions.eventstore.envelope.EventEnvelope;
import gg.suggestions.eventstore.envelope.ReplyEnvelope;
import gg.suggestions.testing.KafkaTestCluster;
import gg.suggestions.testing.TestCommands;
import gg.suggestions.testing.TestPostgres;
import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * On a three-broker cluster, one broker stops in the middle of a stream of commands: every
 * acknowledged command's event is in the log exactly once, nothing is duplicated, and the commands
 * sent after the fault are handled too.
 */
class BrokerFaultIT {

  @RegisterExtension static final TestPostgres postgres = new TestPostgres();

  private static final int COMMANDS = 60;
  private static final List<String> GUILDS =
      List.of(
          "601219766258106301", "601219766258106302", "601219766258106303", "601219766258106304");

  private static KafkaTestCluster cluster;
  private static CommandLoopLifecycle loop;

  @BeforeAll
  static void start() {
    cluster = KafkaTestCluster.start(3).withTopics();
    loop =
        new CommandLoopLifecycle(
            CommandNode.create(cluster.bootstrapServers(), postgres.dataSource(), Clock.systemUTC())
                .loop());
    loop.start();
  }

  @AfterAll
  static void stop() throws Exception {
    loop.stop();
    cluster.close();
  }

  @Test
  void stoppingOneBrokerMidLoadLosesAndDuplicatesNothing() throws Exception {
    int stopped = cluster.brokerIds().iterator().next();
    try (var gateway = TestCommands.gateway(cluster.bootstrapServers())) {
      TestCommands.sendAtFixedRate(
          gateway,
          COMMANDS,
          Duration.ofMillis(50),
          BrokerFaultIT::record,
          i -> {
            if (i == COMMANDS / 3) {
              cluster.stopBroker(stopped);
            }
          });
    }

    await().atMost(Duration.ofSeconds(120)).until(() -> acknowledged().size() == COMMANDS);
    Set<String> accepted = acknowledged();
    List<EventEnvelope> logged = eventsOnTheLog();
    Map<String, Long> eventsPerCommand =
        logged.stream()
            .collect(Collectors.groupingBy(e -> e.metadata().commandId(), Collectors.counting()));

    assertThat(accepted).hasSize(COMMANDS);
    assertThat(eventsPerCommand.keySet()).containsExactlyInAnyOrderElementsOf(accepted);
    assertThat(eventsPerCommand.values()).containsOnly(1L);
    assertThat(logged).extracting(EventEnvelope::eventId).doesNotHaveDuplicates();
  }

  private static Set<String> acknowledged() {
    return TestCommands.replies(cluster.bootstrapServers()).stream()
        .filter(ReplyEnvelope::accepted)
        .map(ReplyEnvelope::commandId)
        .collect(Collectors.toCollection(HashSet::new));
  }

  private static List<EventEnvelope> eventsOnTheLog() {
    return TestCommands.events(cluster.bootstrapServers());
  }

  private static ProducerRecord<String, byte[]> record(int i) {
    String guild = GUILDS.get(i % GUILDS.size());
    return TestCommands.record(
        TestCommands.setToggle(
            "fault-cmd-" + i, guild, "KEEP_LOGS", i % 2 == 0, TestCommands.ADMIN, "fault-it"));
  }
}
