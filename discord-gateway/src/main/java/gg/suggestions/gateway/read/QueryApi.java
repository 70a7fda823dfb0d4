package gg.suggestions.gateway.read;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import gg.suggestions.eventstore.envelope.EnvelopeCodec;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The query API over HTTP, with the platform's bearer token. Reads that follow a command pass the
 * sequence it produced ({@code atLeast}), so they see at least that command's effect.
 */
public final class QueryApi {

  /** The query API could not answer: down, or not caught up in time. Worth a retry. */
  public static final class Unavailable extends RuntimeException {
    public Unavailable(String message, Throwable cause) {
      super(message, cause);
    }
  }

  private static final ObjectMapper JSON = EnvelopeCodec.defaultMapper();

  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final String baseUrl;
  private final String token;

  /**
   * @param baseUrl such as {@code http://127.0.0.1:8080}
   * @param token the bearer token; never logged
   */
  public QueryApi(String baseUrl, String token) {
    this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
    this.token = token;
  }

  /** A suggestion once the projection has applied {@code atLeast} (-1: as it is now). */
  public Optional<Views.Suggestion> suggestion(String guildId, String id, long atLeast) {
    return get(
        "/guilds/" + guildId + "/suggestions/" + id + atLeast(atLeast), Views.Suggestion.class);
  }

  public Optional<Views.QueuedItem> queuedItem(String guildId, String queueId, long atLeast) {
    return get(
        "/guilds/" + guildId + "/queue/" + queueId + atLeast(atLeast), Views.QueuedItem.class);
  }

  public Views.GuildSettings guild(String guildId) {
    return get("/guilds/" + guildId + "/config", Views.GuildSettings.class).orElseThrow();
  }

  public Views.PersonalSettings user(String userId) {
    return get("/users/" + userId + "/config", Views.PersonalSettings.class).orElseThrow();
  }

  public Views.QueueInfo queueInfo(String guildId) {
    return get("/guilds/" + guildId + "/queue/info", Views.QueueInfo.class).orElseThrow();
  }

  /** A page of the items waiting in the queue, oldest first. */
  public List<Views.QueuedItem> waiting(String guildId, int page, int size) {
    JsonNode items =
        get("/guilds/" + guildId + "/queue?page=" + page + "&size=" + size, JsonNode.class)
            .orElseThrow()
            .path("items");
    return JSON.convertValue(
        items, JSON.getTypeFactory().constructCollectionType(List.class, Views.QueuedItem.class));
  }

  /** A page of voter ids; {@code direction} is {@code all}, {@code up} or {@code down}. */
  public Optional<List<String>> voters(
      String guildId, String id, String direction, int page, int size) {
    return get(
            "/guilds/"
                + guildId
                + "/suggestions/"
                + id
                + "/voters?direction="
                + direction
                + "&page="
                + page
                + "&size="
                + size,
            JsonNode.class)
        .map(body -> strings(body.path("voterIds")));
  }

  /**
   * The suggestions whose message names {@code memberId} (a Discord id or a pseudonym), as [guild
   * id, sID] pairs, in any guild.
   */
  public List<List<String>> suggestionsNaming(String memberId) {
    List<List<String>> keys = new ArrayList<>();
    get("/members/" + memberId + "/suggestions", JsonNode.class)
        .ifPresent(
            body ->
                body.path("items")
                    .forEach(
                        item ->
                            keys.add(
                                List.of(
                                    item.path("guildId").asText(),
                                    item.path("suggestionId").asText()))));
    return keys;
  }

  /** Autocomplete: the guild's ids containing {@code fragment}, newest first, at most 25. */
  public List<String> suggestionIds(String guildId, String fragment) {
    return get(
            "/guilds/"
                + guildId
                + "/suggestion-ids?contains="
                + URLEncoder.encode(fragment, StandardCharsets.UTF_8),
            JsonNode.class)
        .map(body -> strings(body.path("ids")))
        .orElse(List.of());
  }

  private static List<String> strings(JsonNode array) {
    return JSON.convertValue(
        array, JSON.getTypeFactory().constructCollectionType(List.class, String.class));
  }

  private static String atLeast(long sequence) {
    return sequence < 0 ? "" : "?atLeast=" + sequence + "&waitMillis=5000";
  }

  /** The body as {@code type}; empty on 404; {@link Unavailable} on anything else. */
  private <T> Optional<T> get(String path, Class<T> type) {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(baseUrl + path))
            .timeout(Duration.ofSeconds(10))
            .header("Authorization", "Bearer " + token)
            .header("Accept", "application/json")
            .GET()
            .build();
    HttpResponse<byte[]> response;
    try {
      response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
    } catch (IOException e) {
      throw new Unavailable("GET " + path + " failed: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new Unavailable("GET " + path + " was interrupted", e);
    }
    if (response.statusCode() == 404) {
      return Optional.empty();
    }
    if (response.statusCode() != 200) {
      throw new Unavailable(
          "GET " + path + " answered " + response.statusCode() + ": " + snippet(response.body()),
          null);
    }
    try {
      return Optional.of(JSON.readValue(response.body(), type));
    } catch (IOException e) {
      throw new Unavailable("GET " + path + " answered unreadable JSON: " + e.getMessage(), e);
    }
  }

  private static String snippet(byte[] body) {
    String text = new String(body, StandardCharsets.UTF_8);
    return text.length() > 300 ? text.substring(0, 300) + "…" : text;
  }
}
