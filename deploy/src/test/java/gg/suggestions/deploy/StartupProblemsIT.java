package gg.suggestions.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import gg.suggestions.eventstore.topic.SuggestionTopics;
import gg.suggestions.testing.KafkaTestCluster;
import gg.suggestions.testing.TestPostgres;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Bad configuration stops the real launcher at start-up with one line on stderr and a non-zero
 * exit, before anything is half started. Each case runs {@link Main} as its own process, as an
 * operator would.
 */
class StartupProblemsIT {

  @RegisterExtension static final TestPostgres postgres = new TestPostgres();

  private final Path dataDir = Path.of("target", "it-data", UUID.randomUUID().toString());

  @Test
  void aPortAlreadyInUseIsNamedWithTheSettingThatMovesIt() throws Exception {
    try (ServerSocket taken = new ServerSocket(0)) {
      Launch launch = launch(Map.of("SUGGESTIONS_EMBEDDED_KAFKA_PORT", "" + taken.getLocalPort()));

      assertThat(launch.exitCode()).isEqualTo(Main.EXIT_STARTUP_PROBLEM);
      assertThat(launch.stderrLines())
          .singleElement()
          .asString()
          .startsWith(
              "suggestions: cannot start: Port " + taken.getLocalPort() + " is already in use")
          .contains("SUGGESTIONS_EMBEDDED_KAFKA_PORT");
    }
  }

  @Test
  void anUnreachableExternalBrokerIsReportedWithinTheTimeout() throws Exception {
    String nowhere = "127.0.0.1:" + freePort();

    Launch launch =
        launch(
            Map.of(
                "SUGGESTIONS_KAFKA_BOOTSTRAP_SERVERS",
                nowhere,
                "SUGGESTIONS_KAFKA_CONNECT_TIMEOUT",
                "3s",
                "SUGGESTIONS_DB_URL",
                "jdbc:postgresql://127.0.0.1:" + freePort() + "/none"));

    assertThat(launch.exitCode()).isEqualTo(Main.EXIT_STARTUP_PROBLEM);
    assertThat(launch.stderrLines())
        .singleElement()
        .asString()
        .isEqualTo(
            "suggestions: cannot start: Cannot reach Kafka at "
                + nowhere
                + " within 3 s: check SUGGESTIONS_KAFKA_BOOTSTRAP_SERVERS and that the brokers are up");
  }

  @Test
  void existingTopicsWeakerThanProductionAreRefusedAndLeftAlone() throws Exception {
    try (KafkaTestCluster cluster = KafkaTestCluster.start(3);
        Admin admin = cluster.admin()) {
      admin
          .createTopics(
              List.of(
                  new NewTopic(SuggestionTopics.EVENTS, 6, (short) 3),
                  new NewTopic(SuggestionTopics.COMMANDS, 12, (short) 2)))
          .all()
          .get(30, TimeUnit.SECONDS);

      Launch launch =
          launch(
              Map.of(
                  "SUGGESTIONS_KAFKA_BOOTSTRAP_SERVERS",
                  cluster.bootstrapServers(),
                  "SUGGESTIONS_DB_URL",
                  "jdbc:postgresql://127.0.0.1:" + freePort() + "/none"));

      assertThat(launch.exitCode()).isEqualTo(Main.EXIT_STARTUP_PROBLEM);
      assertThat(launch.stderrLines())
          .singleElement()
          .asString()
          .startsWith("suggestions: cannot start: Incompatible Kafka topics: ")
          .contains("topic suggestions.events.v1 has 6 partitions but needs exactly 12")
          .contains("topic suggestions.commands.v1 has replication factor 2 but needs at least 3");
      var events =
          admin
              .describeTopics(List.of(SuggestionTopics.EVENTS))
              .allTopicNames()
              .get()
              .get(SuggestionTopics.EVENTS);
      assertThat(events.partitions()).hasSize(6);
    }
  }

  @Test
  void aDatabaseBuiltFromAnotherLogIsRefused() throws Exception {
    try (KafkaTestCluster cluster = KafkaTestCluster.start(1)) {
      new JdbcTemplate(postgres.dataSource())
          .execute(
              "CREATE TABLE IF NOT EXISTS public.suggestions_log_source"
                  + " (topic text PRIMARY KEY, topic_id text NOT NULL);"
                  + " INSERT INTO public.suggestions_log_source VALUES"
                  + " ('suggestions.events.v1', 'AAAAAAAAAAAAAAAAAAAAAA')"
                  + " ON CONFLICT (topic) DO UPDATE SET topic_id = excluded.topic_id");

      Launch launch =
          launch(
              Map.of(
                  "SUGGESTIONS_KAFKA_BOOTSTRAP_SERVERS",
                  cluster.bootstrapServers(),
                  "SUGGESTIONS_KAFKA_REPLICATION_FACTOR",
                  "1",
                  "SUGGESTIONS_DB_URL",
                  postgres.jdbcUrl(),
                  "SUGGESTIONS_DB_USER",
                  postgres.user()));

      assertThat(launch.exitCode()).isEqualTo(Main.EXIT_STARTUP_PROBLEM);
      assertThat(launch.stderrLines())
          .singleElement()
          .asString()
          .contains("was built from another log")
          .contains("suggestions.events.v1 had topic id AAAAAAAAAAAAAAAAAAAAAA")
          .contains("SUGGESTIONS_DATA_DIR");
    }
  }

  private record Launch(int exitCode, List<String> stderrLines) {}

  private Launch launch(Map<String, String> env) throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    var builder =
        new ProcessBuilder(
                java,
                "-Xmx256m",
                "-cp",
                System.getProperty("java.class.path"),
                Main.class.getName())
            .redirectOutput(ProcessBuilder.Redirect.DISCARD);
    Map<String, String> environment = builder.environment();
    environment.keySet().removeIf(name -> name.startsWith("SUGGESTIONS_"));
    environment.putAll(new HashMap<>(env));
    environment.put("SUGGESTIONS_DATA_DIR", dataDir.toString());
    environment.put("SERVER_PORT", "0");
    Process process = builder.start();
    if (!process.waitFor(120, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("The launcher did not exit within 120 s");
    }
    String stderr = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    return new Launch(process.exitValue(), stderr.lines().filter(l -> !l.isBlank()).toList());
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
