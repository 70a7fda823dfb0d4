package gg.suggestions.gateway.jda;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.io.IOException;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import okhttp3.Interceptor;
import okhttp3.Response;

/**
 * Counts every HTTP call JDA makes to Discord's REST API, each attempt on its own (a 429 that JDA
 * waits out and sends again counts twice), by method and status, and each 429 by its scope ({@code
 * user}, {@code global} or {@code shared}): the rate-limit storm an operator must see before the
 * members do. No route, guild or channel becomes a tag.
 */
final class DiscordRestMetrics implements Interceptor {

  private static final Set<String> METHODS = Set.of("GET", "POST", "PUT", "PATCH", "DELETE");
  private static final Set<String> SCOPES = Set.of("user", "global", "shared");

  private final MeterRegistry registry;

  DiscordRestMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  @Override
  public Response intercept(Chain chain) throws IOException {
    String method = METHODS.contains(chain.request().method()) ? chain.request().method() : "OTHER";
    long start = System.nanoTime();
    Response response;
    try {
      response = chain.proceed(chain.request());
    } catch (IOException | RuntimeException e) {
      record(method, "io_error", start);
      throw e;
    }
    record(method, Integer.toString(response.code()), start);
    if (response.code() == 429) {
      String scope = response.header("X-RateLimit-Scope", "user").toLowerCase(Locale.ROOT);
      boolean global = "true".equalsIgnoreCase(response.header("X-RateLimit-Global"));
      Counter.builder("suggestions.discord.rate.limited")
          .description("Discord REST calls answered 429, by the limit's scope")
          .tag("scope", global ? "global" : SCOPES.contains(scope) ? scope : "other")
          .register(registry)
          .increment();
    }
    return response;
  }

  private void record(String method, String status, long start) {
    Timer.builder("suggestions.discord.requests")
        .description("Discord REST calls, each attempt, by method and status")
        .tag("method", method)
        .tag("status", status)
        .register(registry)
        .record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
  }
}
