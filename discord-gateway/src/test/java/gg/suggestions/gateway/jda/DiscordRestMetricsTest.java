package gg.suggestions.gateway.jda;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.net.InetSocketAddress;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Every attempt JDA's HTTP client makes is counted by method and status, and 429s by scope. */
class DiscordRestMetricsTest {

  private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  private HttpServer discord;
  private OkHttpClient client;

  @BeforeEach
  void start() throws IOException {
    discord = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    discord.createContext(
        "/",
        exchange -> {
          String path = exchange.getRequestURI().getPath();
          int status = Integer.parseInt(path.substring(path.lastIndexOf('/') + 1));
          if (path.contains("/global/")) {
            exchange.getResponseHeaders().add("X-RateLimit-Global", "true");
          } else if (path.contains("/shared/")) {
            exchange.getResponseHeaders().add("X-RateLimit-Scope", "shared");
          } else if (path.contains("/hostile/")) {
            exchange.getResponseHeaders().add("X-RateLimit-Scope", "guild-601219766258106399");
          }
          exchange.sendResponseHeaders(status, -1);
          exchange.close();
        });
    discord.start();
    client = new OkHttpClient.Builder().addInterceptor(new DiscordRestMetrics(meters)).build();
  }

  @AfterEach
  void stop() {
    discord.stop(0);
  }

  @Test
  void countsEachCallByMethodAndStatusWithoutItsRoute() throws IOException {
    call("GET", "/channels/601219766258106399/messages/200");
    call("GET", "/channels/601219766258106400/messages/200");
    call("POST", "/channels/601219766258106399/messages/404");

    assertThat(requests("GET", "200")).isEqualTo(2);
    assertThat(requests("POST", "404")).isEqualTo(1);
    assertThat(meters.getMeters())
        .flatMap(meter -> meter.getId().getTags())
        .noneMatch(tag -> tag.getValue().contains("601219766258106399"));
  }

  @Test
  void countsEvery429ByItsScopeAndNeverTagsAnUnknownScope() throws IOException {
    call("POST", "/user/429");
    call("POST", "/global/429");
    call("POST", "/shared/429");
    call("POST", "/hostile/429");

    assertThat(rateLimited("user")).isEqualTo(1);
    assertThat(rateLimited("global")).isEqualTo(1);
    assertThat(rateLimited("shared")).isEqualTo(1);
    assertThat(rateLimited("other")).isEqualTo(1);
    assertThat(requests("POST", "429")).isEqualTo(4);
  }

  @Test
  void countsACallThatNeverGotAnAnswer() {
    discord.stop(0);

    assertThatThrownBy(() -> call("GET", "/gone/200")).isInstanceOf(IOException.class);

    assertThat(requests("GET", "io_error")).isEqualTo(1);
  }

  private void call(String method, String path) throws IOException {
    var request =
        new Request.Builder()
            .url("http://127.0.0.1:" + discord.getAddress().getPort() + path)
            .method(method, method.equals("GET") ? null : RequestBody.create(new byte[0]))
            .build();
    client.newCall(request).execute().close();
  }

  private long requests(String method, String status) {
    return meters
        .get("suggestions.discord.requests")
        .tag("method", method)
        .tag("status", status)
        .timer()
        .count();
  }

  private double rateLimited(String scope) {
    return meters.get("suggestions.discord.rate.limited").tag("scope", scope).counter().count();
  }
}
