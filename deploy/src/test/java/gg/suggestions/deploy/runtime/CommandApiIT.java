package gg.suggestions.deploy.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import gg.suggestions.eventstore.contract.Actor;
import gg.suggestions.eventstore.envelope.CommandEnvelope;
import gg.suggestions.eventstore.envelope.EnvelopeCodec;
import gg.suggestions.eventstore.envelope.EventEnvelope;
import gg.suggestions.testing.TestCommands;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * {@code POST /commands} on the running platform: through the command topic and the hosted loop to
 * a reply, behind a bearer token, with the idempotency key as the command id.
 */
class CommandApiIT {

  private static final String TOKEN = "it-token-" + UUID.randomUUID();
  private static final String GUILD = "774512099823452160";
  private static final ObjectMapper JSON = EnvelopeCodec.defaultMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private static RunningPlatform platform;
  private static String baseUrl;

  @BeforeAll
  static void startPlatform() throws Exception {
    platform = PlatformHttp.start(TOKEN);
    baseUrl = PlatformHttp.baseUrl(platform);
  }

  @AfterAll
  static void stopPlatform() {
    platform.close();
  }

  @Test
  void reportsReadyOnceTheCommandLoopServesItsPartitionsAndTheProjectionsAreCaughtUp() {
    await()
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(
            () -> {
              HttpResponse<String> readiness = get("/actuator/health/readiness");
              assertThat(readiness.statusCode()).isEqualTo(200);
              JsonNode loop =
                  JSON.readTree(readiness.body()).path("components").path("commandLoop");
              assertThat(loop.path("status").asText()).isEqualTo("UP");
              assertThat(loop.path("details").path("ownedPartitions")).hasSize(12);
              assertThat(loop.path("details").path("catchingUp")).isEmpty();
              JsonNode projections =
                  JSON.readTree(readiness.body()).path("components").path("projections");
              assertThat(projections.path("status").asText()).isEqualTo("UP");
              assertThat(
                      projections.path("details").path("suggestions").path("caughtUp").asBoolean())
                  .isTrue();
            });
  }

  @Test
  void acceptsACommandAndAnswersWithItsReply() throws Exception {
    String key = "http-" + UUID.randomUUID();

    HttpResponse<String> response = post(key, toggle(TestCommands.ADMIN), TOKEN);

    assertThat(response.statusCode()).isEqualTo(200);
    JsonNode reply = JSON.readTree(response.body());
    assertThat(reply.path("commandId").asText()).isEqualTo(key);
    assertThat(reply.path("accepted").asBoolean()).isTrue();
    assertThat(eventsOf(key)).extracting(EventEnvelope::type).containsExactly("GuildToggleSet");
  }

  @Test
  void answersTheSameKeyWithTheFirstReplyAndAppendsNothing() throws Exception {
    String key = "http-" + UUID.randomUUID();
    HttpResponse<String> first = post(key, toggle(TestCommands.ADMIN), TOKEN);

    HttpResponse<String> again = post(key, toggle(TestCommands.ADMIN), TOKEN);

    assertThat(first.statusCode()).isEqualTo(200);
    assertThat(again.statusCode()).isEqualTo(200);
    assertThat(JSON.readTree(again.body())).isEqualTo(JSON.readTree(first.body()));
    assertThat(eventsOf(key)).hasSize(1);
  }

  @Test
  void refusesANonModeratorWith403AndTheErrorCode() throws Exception {
    String key = "http-" + UUID.randomUUID();
    var member = new Actor("42", 0, List.of());

    HttpResponse<String> response = post(key, toggle(member), TOKEN);

    assertThat(response.statusCode()).isEqualTo(403);
    JsonNode reply = JSON.readTree(response.body());
    assertThat(reply.path("accepted").asBoolean()).isFalse();
    assertThat(reply.path("errorCode").asInt()).isEqualTo(1100);
    assertThat(eventsOf(key)).isEmpty();
  }

  @Test
  void refusesAnUnknownCommandTypeWith400NamingTheTypeAndSendsNothing() throws Exception {
    ObjectNode body = toggle(TestCommands.ADMIN).put("type", "LaunchRockets");
    String key = "http-" + UUID.randomUUID();

    HttpResponse<String> response = post(key, body, TOKEN);

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.headers().firstValue("Content-Type"))
        .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
    assertThat(detail(response)).contains("type 'LaunchRockets' is not a command type");
    assertThat(eventsOf(key)).isEmpty();
  }

  @Nested
  class RefusesBeforeSending {

    @Test
    void aRequestWithoutABearerToken() throws Exception {
      HttpResponse<String> response = post("k1", toggle(TestCommands.ADMIN), null);

      assertThat(response.statusCode()).isEqualTo(401);
      assertThat(response.headers().firstValue("WWW-Authenticate"))
          .hasValueSatisfying(v -> assertThat(v).startsWith("Bearer"));
    }

    @Test
    void aRequestWithAWrongBearerToken() throws Exception {
      HttpResponse<String> response = post("k2", toggle(TestCommands.ADMIN), TOKEN + "x");

      assertThat(response.statusCode()).isEqualTo(401);
    }

    @Test
    void aRequestWithoutAnIdempotencyKey() throws Exception {
      HttpResponse<String> response = post(null, toggle(TestCommands.ADMIN), TOKEN);

      assertThat(response.statusCode()).isEqualTo(400);
      assertThat(detail(response)).contains("Idempotency-Key");
    }

    @Test
    void aBodyThatIsNotJson() throws Exception {
      HttpResponse<String> response = send(request("k3", TOKEN).POST(body("{not json")));

      assertThat(response.statusCode()).isEqualTo(400);
      assertThat(detail(response)).contains("not JSON");
    }

    @Test
    void anEnvelopeWithoutItsActor() throws Exception {
      ObjectNode body = toggle(TestCommands.ADMIN);
      body.remove("actor");

      HttpResponse<String> response = post("k4", body, TOKEN);

      assertThat(response.statusCode()).isEqualTo(400);
      assertThat(detail(response)).contains("actor.userId is missing");
    }

    @Test
    void aCommandIdThatDiffersFromTheIdempotencyKey() throws Exception {
      ObjectNode body = toggle(TestCommands.ADMIN).put("commandId", "other");

      HttpResponse<String> response = post("k5", body, TOKEN);

      assertThat(response.statusCode()).isEqualTo(400);
      assertThat(detail(response)).contains("differs from the Idempotency-Key");
    }
  }

  /** What the commands did, read back through the query API once the projection has it. */
  @Nested
  class TheQueryApi {

    private static final String QUERY_GUILD = "774512099823452161";

    @Test
    void showsASubmittedSuggestionWithItsVotes() throws Exception {
      command(
          QUERY_GUILD,
          "SetGuildChannel",
          Map.of("channel", "SUGGESTIONS", "channelId", QUERY_GUILD),
          TestCommands.ADMIN);
      String sid =
          command(QUERY_GUILD, "SubmitSuggestion", Map.of("text", "Dark mode"), member(1))
              .path("result")
              .path("suggestionId")
              .asText();
      JsonNode lastVote = null;
      for (int i = 2; i <= 4; i++) {
        lastVote =
            command(
                QUERY_GUILD,
                "VoteOnSuggestion",
                Map.of("suggestionId", sid, "direction", i == 4 ? "DOWN" : "UP"),
                member(i));
      }
      long written = lastVote.path("sequences").path(QUERY_GUILD + "/" + sid).asLong(-1);

      // Read your writes: the query waits until the projection has applied the last vote.
      String path = "/guilds/" + QUERY_GUILD + "/suggestions/" + sid;
      HttpResponse<String> response = query(path + "?atLeast=" + written, TOKEN);

      assertThat(written).isEqualTo(3);
      assertThat(response.statusCode()).isEqualTo(200);
      JsonNode suggestion = JSON.readTree(response.body());
      assertThat(suggestion.path("state").asText()).isEqualTo("PENDING");
      assertThat(suggestion.path("upVotes").asInt()).isEqualTo(2);
      assertThat(suggestion.path("downVotes").asInt()).isEqualTo(1);
      assertThat(suggestion.path("submission").path("text").asText()).isEqualTo("Dark mode");
      assertThat(query(path + "?atLeast=99&waitMillis=100", TOKEN).statusCode()).isEqualTo(504);
      JsonNode pending =
          JSON.readTree(query("/guilds/" + QUERY_GUILD + "/suggestions", TOKEN).body());
      JsonNode downVoters = JSON.readTree(query(path + "/voters?direction=down", TOKEN).body());
      assertThat(pending.path("items")).hasSize(1);
      await()
          .atMost(Duration.ofSeconds(30))
          .untilAsserted(
              () ->
                  assertThat(
                          JSON.readTree(
                                  query(
                                          "/guilds/"
                                              + QUERY_GUILD
                                              + "/members/"
                                              + member(1).userId()
                                              + "/stats",
                                          TOKEN)
                                      .body())
                              .path("commands")
                              .path(0)
                              .path("succeeded")
                              .asLong())
                      .isEqualTo(1));
      assertThat(downVoters.path("voterIds").get(0).asText()).isEqualTo(member(4).userId());
    }

    @Test
    void showsTheGuildsSettingsWithTheirDefaultsAndItsQueue() throws Exception {
      String guild = "774512099823452162";
      command(
          guild,
          "SetGuildToggle",
          Map.of("toggle", "SUGGESTION_QUEUE", "enabled", "true"),
          TestCommands.ADMIN);

      await()
          .atMost(Duration.ofSeconds(30))
          .untilAsserted(
              () -> {
                JsonNode config =
                    JSON.readTree(query("/guilds/" + guild + "/config", TOKEN).body());
                assertThat(config.path("toggles").path("SUGGESTION_QUEUE").asBoolean()).isTrue();
                assertThat(config.path("toggles").path("DM_MESSAGES").asBoolean()).isTrue();
              });
      JsonNode info = JSON.readTree(query("/guilds/" + guild + "/queue/info", TOKEN).body());
      assertThat(info.path("queueing").asBoolean()).isTrue();
      assertThat(info.path("waiting").path("VIRTUAL").asLong()).isZero();
    }

    @Test
    void servesItsOpenApiDocument() throws Exception {
      HttpResponse<String> response = query("/v3/api-docs", null);

      assertThat(response.statusCode()).isEqualTo(200);
      JsonNode document = JSON.readTree(response.body());
      assertThat(document.path("info").path("title").asText()).isEqualTo("Suggestions API");
      assertThat(document.path("components").path("securitySchemes").path("bearer")).isNotEmpty();
      JsonNode paths = document.path("paths");
      JsonNode submit = paths.path("/commands").path("post");
      assertThat(
              submit
                  .path("requestBody")
                  .path("content")
                  .path("application/json")
                  .path("schema")
                  .path("type")
                  .asText())
          .isEqualTo("object");
      assertThat(
              submit.path("responses").path("413").path("content").has("application/problem+json"))
          .isTrue();
      assertThat(paths.has("/guilds/{guildId}/suggestions/{suggestionId}")).isTrue();
      assertThat(paths.has("/usage/hourly")).isTrue();
    }

    @Test
    void refusesARequestWithoutTheToken() throws Exception {
      assertThat(query("/guilds/" + QUERY_GUILD + "/suggestions", null).statusCode())
          .isEqualTo(401);
    }

    @Test
    void namesTheParameterItCannotRead() throws Exception {
      HttpResponse<String> response = query("/guilds/not-a-guild/suggestions", TOKEN);

      assertThat(response.statusCode()).isEqualTo(400);
      assertThat(detail(response)).contains("guildId");
    }

    @Test
    void saysWhenThereIsNoSuchSuggestion() throws Exception {
      assertThat(query("/guilds/" + QUERY_GUILD + "/suggestions/zzzzzzzz", TOKEN).statusCode())
          .isEqualTo(404);
    }

    private JsonNode command(String guild, String type, Map<String, String> fields, Actor actor)
        throws Exception {
      ObjectNode payload = JSON.createObjectNode().put("guildId", guild);
      fields.forEach(payload::put);
      ObjectNode body = JSON.createObjectNode();
      body.put("type", type).put("guildId", guild).put("locale", "en-GB");
      body.set("payload", payload);
      body.set("actor", JSON.valueToTree(actor));
      HttpResponse<String> response = post("http-" + UUID.randomUUID(), body, TOKEN);
      assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
      return JSON.readTree(response.body());
    }

    private Actor member(int i) {
      return new Actor(String.valueOf(880_000_000_000_000_000L + i), 0, List.of());
    }

    private HttpResponse<String> query(String path, String token) throws Exception {
      var request = HttpRequest.newBuilder(URI.create(baseUrl + path)).GET();
      if (token != null) {
        request.header("Authorization", "Bearer " + token);
      }
      return send(request);
    }
  }

  /**
   * A {@code SetGuildToggle} envelope as an HTTP client writes it: no id, reply address or time.
   */
  private static ObjectNode toggle(Actor actor) {
    CommandEnvelope command = TestCommands.setToggle(null, GUILD, "KEEP_LOGS", true, actor, null);
    ObjectNode body = JSON.valueToTree(command);
    body.remove(List.of("schema", "commandId", "replyTo", "issuedAt"));
    return body;
  }

  private static List<EventEnvelope> eventsOf(String commandId) {
    return TestCommands.events(platform.bootstrapServers()).stream()
        .filter(e -> commandId.equals(e.metadata().commandId()))
        .toList();
  }

  private static HttpResponse<String> post(String key, JsonNode body, String token)
      throws Exception {
    return send(request(key, token).POST(body(JSON.writeValueAsString(body))));
  }

  private static HttpRequest.Builder request(String key, String token) {
    var request =
        HttpRequest.newBuilder(URI.create(baseUrl + "/commands"))
            .header("Content-Type", "application/json")
            .timeout(Duration.ofSeconds(30));
    if (key != null) {
      request.header("Idempotency-Key", key);
    }
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    return request;
  }

  private static HttpRequest.BodyPublisher body(String text) {
    return HttpRequest.BodyPublishers.ofString(text);
  }

  private static HttpResponse<String> get(String path) throws Exception {
    return send(HttpRequest.newBuilder(URI.create(baseUrl + path)).GET());
  }

  private static HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static String detail(HttpResponse<String> response) throws Exception {
    return JSON.readTree(response.body()).path("detail").asText();
  }
}
