package gg.suggestions.deploy.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import gg.suggestions.deploy.PlatformProcess;
import gg.suggestions.eventstore.envelope.EnvelopeCodec;
import gg.suggestions.eventstore.topic.SuggestionTopics;
import gg.suggestions.testing.HostileInput;
import gg.suggestions.testing.TestCommands;
import gg.suggestions.testing.TopicReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The HTTP APIs of a running all-in-one platform (its own process) under a seeded barrage of client
 * mistakes: hostile values in every command envelope field, bad and huge parameters on every query
 * route, bad paths, headers, content types and bodies. No answer is a 5xx, every refusal is a
 * problem document, a refused command reaches neither the command nor the event log, and the node
 * is still ready afterwards. Replay a run with {@code -Dhostile.seed=<n>}.
 */
class HostileHttpIT {

  private static final String TOKEN = "it-token-" + UUID.randomUUID();
  private static final String AUTH = "Bearer " + TOKEN;

  /** Escapes non-ASCII on writing, so a lone surrogate reaches the server as {@code \\ud83d}. */
  private static final ObjectMapper JSON =
      EnvelopeCodec.defaultMapper()
          .copy()
          .enable(com.fasterxml.jackson.core.JsonGenerator.Feature.ESCAPE_NON_ASCII);

  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private static final int SPOILS_PER_COMMAND_TYPE = 6;
  private static final int VALUES_PER_QUERY_PARAMETER = 3;

  private static PlatformProcess platform;
  private static String baseUrl;
  private static int port;
  private static String bootstrapServers;

  private final HttpOutcomes outcomes = new HttpOutcomes();
  private final Set<String> refusedCommandIds = new HashSet<>();

  @BeforeAll
  static void startPlatform() throws IOException {
    Path dataDir = Path.of("target", "it-data", UUID.randomUUID().toString());
    int kafkaPort = freePort();
    bootstrapServers = "127.0.0.1:" + kafkaPort;
    platform =
        PlatformProcess.start(
            dataDir.resolve("platform.log"),
            Map.of(
                "SUGGESTIONS_DATA_DIR", dataDir.toString(),
                "SUGGESTIONS_API_TOKEN", TOKEN,
                "SUGGESTIONS_EMBEDDED_KAFKA_PORT", Integer.toString(kafkaPort),
                "SUGGESTIONS_EMBEDDED_KAFKA_CONTROLLER_PORT", Integer.toString(freePort()),
                "SUGGESTIONS_EMBEDDED_POSTGRES_PORT", Integer.toString(freePort())));
    baseUrl = platform.awaitServing(Duration.ofSeconds(120));
    port = URI.create(baseUrl).getPort();
  }

  @AfterAll
  static void stopPlatform() throws InterruptedException {
    if (platform != null) {
      platform.stop();
    }
  }

  @Test
  void answersEveryClientMistakeWithAProblemAndStaysReady() throws Exception {
    Random random = new Random(HostileInput.seed());
    int commandsBefore = records(SuggestionTopics.COMMANDS);
    int eventsBefore = records(SuggestionTopics.EVENTS);

    HostileRequests.sendAuthorizationMistakes(this);
    HostileRequests.sendContentTypeMistakes(this);
    HostileRequests.sendBodyMistakes(this);
    int commandsAfterRefusals = records(SuggestionTopics.COMMANDS);
    int eventsAfterRefusals = records(SuggestionTopics.EVENTS);
    spoilEveryCommandEnvelope(random);
    spoilEveryQueryParameter(random);
    HostileRequests.sendPathMistakes(this);
    HostileRequests.sendHeaderAndRequestLineMistakes(this);

    System.out.println("Hostile HTTP outcomes (input class -> statuses):\n" + outcomes.table());
    assertThat(outcomes.violations()).isEmpty();
    assertThat(commandsAfterRefusals).isEqualTo(commandsBefore);
    assertThat(eventsAfterRefusals).isEqualTo(eventsBefore);
    assertThat(refusedCommandIdsInTheLogs()).isEmpty();
    await().atMost(Duration.ofSeconds(30)).until(() -> readiness() == 200);
  }

  /** One random hostile value in a random field of every command type, several times over. */
  private void spoilEveryCommandEnvelope(Random random) throws Exception {
    for (String type : SampleEnvelopes.types()) {
      for (int i = 0; i < SPOILS_PER_COMMAND_TYPE; i++) {
        ObjectNode envelope = SampleEnvelopes.asHttpClientsSendIt(type);
        String field = SampleEnvelopes.randomField(envelope, random);
        HostileInput.Value value = HostileInput.any(random);
        SampleEnvelopes.set(envelope, field, value.json());
        postCommand(
            "envelope field: " + value.kind(),
            type + "." + field + "=" + value,
            JSON.writeValueAsBytes(envelope));
      }
    }
  }

  private void spoilEveryQueryParameter(Random random) throws Exception {
    List<HostileInput.Kind> kinds = HostileInput.stringKinds();
    for (HostileRoutes.Route route : HostileRoutes.all()) {
      for (String parameter : route.parameters().keySet()) {
        for (int i = 0; i < VALUES_PER_QUERY_PARAMETER; i++) {
          HostileInput.Kind kind = kinds.get(random.nextInt(kinds.size()));
          String uri = route.uri(parameter, HostileInput.text(kind, random));
          HttpResponse<String> response = send(get(uri).header("Authorization", AUTH));
          // A sequence never reached is answered 504 once the wait (0 ms here) is over: the
          // documented read-your-writes contract, not a failure to read the request.
          boolean waits = parameter.equals("atLeast");
          record("query parameter: " + kind, "GET " + uri, response, s -> waits && s == 504);
        }
      }
    }
  }

  // The helpers HostileRequests uses to send and record.

  void postCommand(String inputClass, String description, byte[] body) throws Exception {
    postCommand(inputClass, description, BodyPublishers.ofByteArray(body), "application/json");
  }

  void postCommand(String inputClass, String description, BodyPublisher body, String contentType)
      throws Exception {
    postCommand(inputClass, description, body, contentType, "hostile-" + UUID.randomUUID());
  }

  void postCommand(
      String inputClass, String description, BodyPublisher body, String contentType, String key)
      throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(baseUrl + "/commands"))
            .timeout(Duration.ofSeconds(30))
            .header("Authorization", AUTH)
            .header("Idempotency-Key", key)
            .POST(body);
    if (contentType != null) {
      request.header("Content-Type", contentType);
    }
    HttpResponse<String> response = send(request);
    if (isDecision(response)) {
      outcomes.recordDecision(inputClass, response.statusCode());
      return;
    }
    record(inputClass, "POST /commands " + description, response, s -> false);
    if (response.statusCode() >= 400) {
      refusedCommandIds.add(key);
    }
  }

  /** A command the command service refused for a domain reason, answered with its reply. */
  private static boolean isDecision(HttpResponse<String> response) throws IOException {
    if (!List.of(403, 409, 422).contains(response.statusCode())
        || !response
            .headers()
            .firstValue("Content-Type")
            .orElse("")
            .startsWith("application/json")) {
      return false;
    }
    JsonNode reply = JSON.readTree(response.body());
    return reply.path("accepted").isBoolean()
        && !reply.path("accepted").asBoolean()
        && reply.path("errorCode").isInt();
  }

  HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  HttpRequest.Builder get(String pathAndQuery) {
    return HttpRequest.newBuilder(URI.create(baseUrl + pathAndQuery))
        .timeout(Duration.ofSeconds(30))
        .GET();
  }

  void record(
      String inputClass,
      String description,
      HttpResponse<String> response,
      java.util.function.Predicate<Integer> allowed5xx) {
    outcomes.record(
        inputClass,
        description,
        response.statusCode(),
        response.headers().firstValue("Content-Type").orElse(null),
        response.body(),
        allowed5xx);
  }

  void sendRaw(String inputClass, String description, byte[] request) throws IOException {
    sendRaw(inputClass, description, request, s -> false);
  }

  void sendRaw(
      String inputClass,
      String description,
      byte[] request,
      java.util.function.Predicate<Integer> allowed5xx)
      throws IOException {
    RawHttp.Answer answer = RawHttp.send(port, request);
    outcomes.record(
        inputClass, description, answer.status(), answer.contentType(), answer.body(), allowed5xx);
  }

  static String auth() {
    return AUTH;
  }

  static ByteArrayInputStream bytes(int size) {
    return new ByteArrayInputStream(new byte[size]);
  }

  private List<String> refusedCommandIdsInTheLogs() throws IOException {
    List<String> found = new ArrayList<>();
    for (var record : TopicReader.readCommitted(bootstrapServers, SuggestionTopics.COMMANDS)) {
      JsonNode command = JSON.readTree(record.value());
      if (refusedCommandIds.contains(command.path("commandId").asText())) {
        found.add("command " + command.path("commandId").asText());
      }
    }
    TestCommands.events(bootstrapServers).stream()
        .filter(e -> refusedCommandIds.contains(e.metadata().commandId()))
        .forEach(e -> found.add("event of " + e.metadata().commandId()));
    return found;
  }

  private static int records(String topic) {
    return TopicReader.readCommitted(bootstrapServers, topic).size();
  }

  private int readiness() throws Exception {
    return send(get("/actuator/health/readiness")).statusCode();
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
