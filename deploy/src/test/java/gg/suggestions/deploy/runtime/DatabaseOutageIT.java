package gg.suggestions.deploy.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import gg.suggestions.eventstore.envelope.EnvelopeCodec;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The platform through an outage of its database: commands on guilds it holds in memory go on,
 * queries answer 503 with {@code Retry-After}, readiness says the database is unreachable; when the
 * database is back, readiness returns and the projections have every command applied once.
 */
class DatabaseOutageIT {

  private static final String TOKEN = "it-token-" + UUID.randomUUID();
  private static final String GUILD = "774512099823452170";
  private static final ObjectMapper JSON = EnvelopeCodec.defaultMapper();

  private static RunningPlatform platform;
  private static String baseUrl;

  @BeforeAll
  static void startPlatform() throws Exception {
    platform = PlatformHttp.start(TOKEN);
    baseUrl = PlatformHttp.baseUrl(platform);
    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> get("/actuator/health/readiness").statusCode() == 200);
  }

  @AfterAll
  static void stopPlatform() throws Exception {
    databaseAvailable(true);
    platform.close();
  }

  @Test
  void commandsGoOnQueriesAnswer503AndProjectionsContinueAfterwards() throws Exception {
    assertThat(toggle(true).statusCode()).isEqualTo(200);
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> get("/guilds/" + GUILD + "/config").statusCode() == 200);
    // A partition that finishes catching up makes the node forget what it holds in memory and
    // reload the replica's ids (the log may hold what it never saw): once the replica has the
    // toggle and the ids are back in memory, the next toggle leaves the guild's config in memory
    // for the outage. (An outage within that reload refuses commands: docs/reliability.md.)
    await().atMost(Duration.ofSeconds(30)).until(() -> replicaHolds(GUILD));
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                JSON.readTree(get("/actuator/health/readiness").body())
                    .path("components")
                    .path("commandLoop")
                    .path("details")
                    .path("idsInMemory")
                    .asBoolean());
    assertThat(toggle(true).statusCode()).isEqualTo(200);

    databaseAvailable(false);
    List<Integer> during =
        List.of(toggle(false).statusCode(), toggle(true).statusCode(), toggle(false).statusCode());
    HttpResponse<String> query = get("/guilds/" + GUILD + "/config");
    HttpResponse<String> readiness = get("/actuator/health/readiness");

    assertThat(during).containsOnly(200);
    assertThat(query.statusCode()).isEqualTo(503);
    assertThat(query.headers().firstValue("Retry-After")).contains("5");
    assertThat(query.headers().firstValue("Content-Type"))
        .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
    assertThat(JSON.readTree(query.body()).path("detail").asText())
        .contains("query store is unavailable");
    assertThat(readiness.statusCode()).isEqualTo(503);
    assertThat(
            JSON.readTree(readiness.body())
                .path("components")
                .path("projections")
                .path("details")
                .path("database")
                .asText())
        .startsWith("unreachable");

    databaseAvailable(true);
    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> get("/actuator/health/readiness").statusCode() == 200);
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              HttpResponse<String> config = get("/guilds/" + GUILD + "/config");
              assertThat(config.statusCode()).isEqualTo(200);
              JsonNode row = JSON.readTree(config.body());
              // Five toggles, each applied once: sequences 0 to 4, the last one off.
              assertThat(row.path("lastSequence").asLong()).isEqualTo(4);
              assertThat(row.path("toggles").path("KEEP_LOGS").asBoolean(true)).isFalse();
            });
  }

  /** Whether the command replica holds events of {@code aggregate}. */
  private static boolean replicaHolds(String aggregate) throws Exception {
    String url = platform.context().getEnvironment().getProperty("spring.datasource.url");
    String user = platform.context().getEnvironment().getProperty("spring.datasource.username");
    try (Connection c = DriverManager.getConnection(url, user, "");
        var query =
            c.prepareStatement(
                "SELECT count(*) FROM cmd.domain_event_entry WHERE aggregate_identifier = ?")) {
      query.setString(1, aggregate);
      try (var rows = query.executeQuery()) {
        return rows.next() && rows.getLong(1) > 0;
      }
    }
  }

  /**
   * The platform's database refuses new connections and every session on it ends, as when its
   * server is gone; allowing connections again brings it back.
   */
  private static void databaseAvailable(boolean available) throws Exception {
    String url = platform.context().getEnvironment().getProperty("spring.datasource.url");
    String user = platform.context().getEnvironment().getProperty("spring.datasource.username");
    String database = url.substring(url.lastIndexOf('/') + 1);
    try (Connection c =
            DriverManager.getConnection(
                url.substring(0, url.lastIndexOf('/') + 1) + "postgres", user, "");
        Statement admin = c.createStatement()) {
      admin.execute("ALTER DATABASE " + database + " ALLOW_CONNECTIONS " + available);
      if (!available) {
        admin.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '"
                + database
                + "'");
      }
    }
  }

  private static HttpResponse<String> toggle(boolean on) throws Exception {
    return PlatformHttp.toggle(baseUrl, TOKEN, GUILD, on);
  }

  private static HttpResponse<String> get(String path) throws Exception {
    return PlatformHttp.get(baseUrl, TOKEN, path);
  }
}
