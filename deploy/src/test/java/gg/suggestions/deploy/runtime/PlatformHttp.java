package gg.suggestions.deploy.runtime;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import gg.suggestions.eventstore.contract.Actor;
import gg.suggestions.eventstore.envelope.CommandEnvelope;
import gg.suggestions.eventstore.envelope.EnvelopeCodec;
import gg.suggestions.testing.TestCommands;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

/** The running platform's HTTP API as the tests call it, behind a bearer token. */
final class PlatformHttp {

  private static final ObjectMapper JSON = EnvelopeCodec.defaultMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private PlatformHttp() {}

  /** The platform on its embedded defaults, in a fresh data folder, behind {@code token}. */
  static RunningPlatform start(String token) throws Exception {
    Path dataDir = Path.of("target", "it-data", UUID.randomUUID().toString());
    return Platform.start(EmbeddedPlatformIT.settings(dataDir), "--suggestions.api.token=" + token);
  }

  static String baseUrl(RunningPlatform platform) {
    return "http://127.0.0.1:"
        + platform.context().getEnvironment().getProperty("local.server.port");
  }

  /** {@code POST /commands}: a moderator's KEEP_LOGS toggle for {@code guild}, under a new key. */
  static HttpResponse<String> toggle(String baseUrl, String token, String guild, boolean on)
      throws Exception {
    return post(
        baseUrl,
        token,
        TestCommands.setToggle(null, guild, "KEEP_LOGS", on, TestCommands.ADMIN, null));
  }

  /**
   * {@code POST /commands}: {@code command} (a contract record) in {@code guild} by {@code actor}.
   */
  static HttpResponse<String> command(
      String baseUrl, String token, String guild, Object command, Actor actor) throws Exception {
    return post(baseUrl, token, TestCommands.envelope(guild, command, actor, null));
  }

  /** {@code command} as an HTTP client sends it: without what the server fills in. */
  private static HttpResponse<String> post(String baseUrl, String token, CommandEnvelope command)
      throws Exception {
    ObjectNode body = JSON.valueToTree(command);
    body.remove(List.of("schema", "commandId", "replyTo", "issuedAt"));
    return HTTP.send(
        HttpRequest.newBuilder(URI.create(baseUrl + "/commands"))
            .header("Content-Type", "application/json")
            .header("Authorization", "Bearer " + token)
            .header("Idempotency-Key", "it-" + UUID.randomUUID())
            .timeout(Duration.ofSeconds(30))
            .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  static HttpResponse<String> get(String baseUrl, String token, String path) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create(baseUrl + path))
            .header("Authorization", "Bearer " + token)
            .timeout(Duration.ofSeconds(30))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
