package gg.suggestions.deploy.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A closed-loop load on {@code POST /commands}: {@code clients} callers, each sending its next
 * command as soon as the previous one is answered, for a warm-up and then a measured period. Every
 * command is a {@code SetGuildToggle} by an administrator, spread over many guilds (so over every
 * partition) with a fresh idempotency key.
 */
final class CommandLoad {

  /** What the measured period saw; latencies from request sent to reply received. */
  record Result(
      int clients,
      long completed,
      double seconds,
      double p50Ms,
      double p99Ms,
      double maxMs,
      Map<Integer, Integer> failuresByStatus) {

    double commandsPerSecond() {
      return completed / seconds;
    }
  }

  private final HttpClient http = HttpClient.newBuilder().build();
  private final URI commands;
  private final String token;
  private final int guilds;

  CommandLoad(String baseUrl, String token, int guilds) {
    this.commands = URI.create(baseUrl + "/commands");
    this.token = token;
    this.guilds = guilds;
  }

  Result run(int clients, Duration warmUp, Duration measured) throws Exception {
    long measureFrom = System.nanoTime() + warmUp.toNanos();
    long end = measureFrom + measured.toNanos();
    Map<Integer, Integer> failures = new ConcurrentHashMap<>();
    AtomicInteger next = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(clients);
    List<Future<long[]>> callers = new ArrayList<>();
    for (int c = 0; c < clients; c++) {
      callers.add(pool.submit(() -> call(next, measureFrom, end, failures)));
    }
    List<Long> latencies = new ArrayList<>();
    for (Future<long[]> caller : callers) {
      Arrays.stream(caller.get()).forEach(latencies::add);
    }
    pool.shutdown();
    long[] sorted = latencies.stream().mapToLong(Long::longValue).sorted().toArray();
    return new Result(
        clients,
        sorted.length,
        measured.toNanos() / 1e9,
        percentile(sorted, 0.50),
        percentile(sorted, 0.99),
        sorted.length == 0 ? 0 : sorted[sorted.length - 1] / 1e6,
        failures);
  }

  /** One caller's latencies in the measured period, in nanoseconds. */
  private long[] call(
      AtomicInteger next, long measureFrom, long end, Map<Integer, Integer> failures)
      throws Exception {
    long[] latencies = new long[1 << 16];
    int count = 0;
    while (System.nanoTime() < end) {
      int n = next.getAndIncrement();
      long sent = System.nanoTime();
      HttpResponse<Void> response = http.send(request(n), HttpResponse.BodyHandlers.discarding());
      long took = System.nanoTime() - sent;
      if (response.statusCode() != 200) {
        failures.merge(response.statusCode(), 1, Integer::sum);
      } else if (sent >= measureFrom && count < latencies.length) {
        latencies[count++] = took;
      }
    }
    return Arrays.copyOf(latencies, count);
  }

  private HttpRequest request(int n) {
    String guild = String.valueOf(700_000_000_000_000_000L + n % guilds);
    String body =
        """
        {"type":"SetGuildToggle","guildId":"%s",
         "payload":{"guildId":"%s","toggle":"KEEP_LOGS","enabled":%s},
         "actor":{"userId":"1","permissions":8,"roleIds":[]},"locale":"en-GB"}
        """
            .formatted(guild, guild, n % 2 == 0);
    return HttpRequest.newBuilder(commands)
        .header("Authorization", "Bearer " + token)
        .header("Idempotency-Key", "bench-" + UUID.randomUUID())
        .header("Content-Type", "application/json")
        .timeout(Duration.ofSeconds(30))
        .POST(HttpRequest.BodyPublishers.ofString(body))
        .build();
  }

  private static double percentile(long[] sorted, double p) {
    if (sorted.length == 0) {
      return 0;
    }
    return sorted[(int) Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)] / 1e6;
  }
}
