package gg.suggestions.deploy.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import gg.suggestions.eventstore.envelope.ReplyEnvelope;
import gg.suggestions.eventstore.topic.SuggestionTopics;
import gg.suggestions.testing.TestCommands;
import gg.suggestions.testing.TopicReader;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A story of the embedded default runtime: start on an empty data folder, use the broker and the
 * database, stop, start again on the same folder and find everything still there.
 */
class EmbeddedPlatformIT {

  private final Path dataDir = Path.of("target", "it-data", UUID.randomUUID().toString());
  private final LaunchSettings settings = settings(dataDir);
  private final String key = UUID.randomUUID().toString();

  @Test
  void keepsTopicsRecordsAndRowsAcrossARestart() throws Exception {
    try (RunningPlatform platform = Platform.start(settings)) {
      assertEveryTopicExistsWithItsSettings(platform.bootstrapServers());
      // UP once the hosted command loop serves every partition it owns.
      org.awaitility.Awaitility.await()
          .atMost(Duration.ofSeconds(60))
          .untilAsserted(() -> assertThat(health(platform)).contains("\"status\":\"UP\""));
      assertThat(commandApiWithoutToken(platform)).isEqualTo(403);
      assertThat(jdbc(platform).queryForObject("SHOW fsync", String.class)).isEqualTo("on");

      produceWithAcksAll(platform.bootstrapServers(), "first run");
      assertThat(readEvents(platform.bootstrapServers())).containsEntry(key, "first run");
      assertThat(commandIsAccepted(platform.bootstrapServers())).isTrue();
      jdbc(platform).execute("CREATE TABLE smoke (id text PRIMARY KEY, value text NOT NULL)");
      jdbc(platform).update("INSERT INTO smoke VALUES (?, ?)", key, "first run");
    }

    try (RunningPlatform platform = Platform.start(settings)) {
      assertThat(readEvents(platform.bootstrapServers())).containsEntry(key, "first run");
      assertThat(
              jdbc(platform)
                  .queryForObject("SELECT value FROM smoke WHERE id = ?", String.class, key))
          .isEqualTo("first run");
    }
    assertThat(Files.exists(dataDir.resolve("kafka/logs/meta.properties"))).isTrue();
    assertThat(Files.exists(dataDir.resolve("postgres/PG_VERSION"))).isTrue();
  }

  static LaunchSettings settings(Path dataDir) {
    return new LaunchSettings(
        dataDir,
        0,
        new LaunchSettings.Kafka(null, 3, Duration.ofSeconds(30)),
        new LaunchSettings.Db(null, null, null),
        new LaunchSettings.Embedded(freePort(), freePort(), freePort()),
        ServiceSelection.ALL);
  }

  static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void assertEveryTopicExistsWithItsSettings(String bootstrapServers)
      throws Exception {
    try (Admin admin =
        Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
      Map<String, TopicDescription> topics =
          admin
              .describeTopics(
                  List.of(
                      SuggestionTopics.EVENTS,
                      SuggestionTopics.INTERACTIONS,
                      SuggestionTopics.COMMANDS,
                      SuggestionTopics.REPLIES))
              .allTopicNames()
              .get(30, TimeUnit.SECONDS);
      assertThat(topics.get(SuggestionTopics.EVENTS).partitions()).hasSize(12);
      assertThat(topics.get(SuggestionTopics.INTERACTIONS).partitions()).hasSize(12);
      assertThat(topics.get(SuggestionTopics.COMMANDS).partitions()).hasSize(12);
      assertThat(topics.get(SuggestionTopics.REPLIES).partitions()).hasSize(3);

      assertThat(config(admin, SuggestionTopics.EVENTS))
          .containsEntry(TopicConfig.RETENTION_MS_CONFIG, "-1")
          .containsEntry(TopicConfig.CLEANUP_POLICY_CONFIG, "delete")
          .containsEntry(TopicConfig.UNCLEAN_LEADER_ELECTION_ENABLE_CONFIG, "false")
          .containsEntry(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, "1");
      assertThat(config(admin, SuggestionTopics.COMMANDS))
          .containsEntry(TopicConfig.RETENTION_MS_CONFIG, "604800000");
      assertThat(config(admin, SuggestionTopics.REPLIES))
          .containsEntry(TopicConfig.RETENTION_MS_CONFIG, "86400000");
    }
  }

  private static Map<String, String> config(Admin admin, String topic) throws Exception {
    var resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
    var config =
        admin.describeConfigs(List.of(resource)).all().get(30, TimeUnit.SECONDS).get(resource);
    Map<String, String> values = new java.util.HashMap<>();
    config.entries().forEach(e -> values.put(e.name(), e.value()));
    return values;
  }

  private void produceWithAcksAll(String bootstrapServers, String value) throws Exception {
    Properties props = new Properties();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    try (var producer =
        new KafkaProducer<>(props, new StringSerializer(), new StringSerializer())) {
      producer
          .send(new ProducerRecord<>(SuggestionTopics.EVENTS, key, value))
          .get(30, TimeUnit.SECONDS);
    }
  }

  private static Map<String, String> readEvents(String bootstrapServers) {
    Map<String, String> values = new java.util.HashMap<>();
    TopicReader.readCommitted(bootstrapServers, SuggestionTopics.EVENTS)
        .forEach(r -> values.put(r.key(), r.value()));
    return values;
  }

  /** A command through the hosted command loop: the platform answers it on the replies topic. */
  private boolean commandIsAccepted(String bootstrapServers) throws Exception {
    String commandId = "platform-" + key;
    try (var gateway = TestCommands.gateway(bootstrapServers)) {
      var command =
          TestCommands.setToggle(
              commandId,
              "601219766258106399",
              "KEEP_LOGS",
              true,
              TestCommands.ADMIN,
              "platform-it");
      gateway.send(TestCommands.record(command)).get(30, TimeUnit.SECONDS);
    }
    return org.awaitility.Awaitility.await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () ->
                TestCommands.replies(bootstrapServers).stream()
                    .filter(r -> r.commandId().equals(commandId))
                    .map(ReplyEnvelope::accepted)
                    .findFirst()
                    .orElse(null),
            java.util.Objects::nonNull);
  }

  private static JdbcTemplate jdbc(RunningPlatform platform) {
    return platform.context().getBean(JdbcTemplate.class);
  }

  /** Started without SUGGESTIONS_API_TOKEN, the command endpoint refuses even a bearer request. */
  private static int commandApiWithoutToken(RunningPlatform platform) throws Exception {
    String port = platform.context().getEnvironment().getProperty("local.server.port");
    var request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/commands"))
            .header("Authorization", "Bearer anything-at-all-anything-at-all")
            .header("Idempotency-Key", "k")
            .POST(HttpRequest.BodyPublishers.ofString("{}"))
            .build();
    return HttpClient.newHttpClient()
        .send(request, HttpResponse.BodyHandlers.discarding())
        .statusCode();
  }

  private static String health(RunningPlatform platform) throws Exception {
    String port = platform.context().getEnvironment().getProperty("local.server.port");
    var request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/health")).build();
    return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString()).body();
  }
}
