package gg.suggestions.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import gg.suggestions.eventstore.envelope.EnvelopeCodec;
import gg.suggestions.testing.KafkaTestCluster;
import gg.suggestions.testing.TestCommands;
import gg.suggestions.testing.TestPostgres;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * One jar, two roles: a process started with {@code SUGGESTIONS_SERVICES=command} handles commands
 * and serves no queries, one with {@code query} serves the read side and takes no commands, and
 * together they are the platform. Each is its own OS process with its own database.
 */
class SeparateServicesIT {

  @RegisterExtension static final TestPostgres postgres = new TestPostgres();

  private static final ObjectMapper JSON = EnvelopeCodec.defaultMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final String TOKEN = "it-token-" + UUID.randomUUID();
  private static final String GUILD = "774512099823452171";

  private final Path dir = Path.of("target", "it-data", UUID.randomUUID().toString());

  @Test
  void aCommandNodeAndAQueryNodeMakeThePlatformTogether() throws Exception {
    try (KafkaTestCluster cluster = KafkaTestCluster.start(1).withTopics()) {
      PlatformProcess command = node("command", cluster);
      PlatformProcess query = node("query", cluster);
      try {
        await().atMost(Duration.ofSeconds(120)).until(() -> command.isReady() && query.isReady());
        String commands = command.baseUrl();
        String queries = query.baseUrl();

        HttpResponse<String> accepted = post(commands + "/commands", toggle());
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(200);
        long sequence = JSON.readTree(accepted.body()).path("sequences").path(GUILD).asLong(-1);
        HttpResponse<String> config =
            get(queries + "/guilds/" + GUILD + "/config?atLeast=" + sequence);

        assertThat(sequence).as(accepted.body()).isNotNegative();
        assertThat(config.statusCode()).as(config.body()).isEqualTo(200);
        assertThat(JSON.readTree(config.body()).path("toggles").path("KEEP_LOGS").asBoolean())
            .isFalse();
        assertThat(get(commands + "/guilds/" + GUILD + "/config").statusCode()).isEqualTo(404);
        assertThat(post(queries + "/commands", toggle()).statusCode()).isEqualTo(404);
        assertThat(readiness(commands).path("components").has("commandLoop")).isTrue();
        assertThat(readiness(commands).path("components").has("projections")).isFalse();
        assertThat(readiness(queries).path("components").has("projections")).isTrue();
        assertThat(readiness(queries).path("components").has("commandLoop")).isFalse();
      } finally {
        command.stop();
        query.stop();
      }
    }
  }

  private PlatformProcess node(String services, KafkaTestCluster cluster) throws Exception {
    String database = "services_" + services;
    new JdbcTemplate(postgres.dataSource()).execute("CREATE DATABASE " + database);
    Map<String, String> env = new HashMap<>();
    env.put("SUGGESTIONS_KAFKA_BOOTSTRAP_SERVERS", cluster.bootstrapServers());
    env.put("SUGGESTIONS_KAFKA_REPLICATION_FACTOR", "1");
    env.put("SUGGESTIONS_DB_URL", postgres.jdbcUrl().replace("/postgres?", "/" + database + "?"));
    env.put("SUGGESTIONS_DB_USER", postgres.user());
    env.put("SUGGESTIONS_DATA_DIR", dir.resolve(services).toString());
    env.put("SUGGESTIONS_SERVICES", services);
    env.put("SUGGESTIONS_API_TOKEN", TOKEN);
    return PlatformProcess.start(dir.resolve(services + ".log"), env);
  }

  /** Turns KEEP_LOGS off: a config event the query node's guild_config projection shows. */
  private static ObjectNode toggle() {
    ObjectNode body =
        JSON.valueToTree(
            TestCommands.setToggle(null, GUILD, "KEEP_LOGS", false, TestCommands.ADMIN, null));
    body.remove(List.of("schema", "commandId", "replyTo", "issuedAt"));
    return body;
  }

  private static JsonNode readiness(String baseUrl) throws Exception {
    return JSON.readTree(get(baseUrl + "/actuator/health/readiness").body());
  }

  private static HttpResponse<String> post(String url, JsonNode body) throws Exception {
    return send(
        HttpRequest.newBuilder(URI.create(url))
            .header("Content-Type", "application/json")
            .header("Idempotency-Key", "services-" + UUID.randomUUID())
            .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))));
  }

  private static HttpResponse<String> get(String url) throws Exception {
    return send(HttpRequest.newBuilder(URI.create(url)).GET());
  }

  private static HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
    return HTTP.send(
        request.header("Authorization", "Bearer " + TOKEN).timeout(Duration.ofSeconds(30)).build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
