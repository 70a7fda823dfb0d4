package gg.suggestions.deploy.bench;

import java.lang.management.ManagementFactory;
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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * A closed-loop command load: {@code clients} callers, each sending its next command as soon as the
 * previous one is decided, for a warm-up and then a measured period. What a command is and how it
 * travels is the {@link Step}'s business: {@code POST /commands} ({@link #http}), the command
 * topic, or stock Axon's command gateway.
 */
final class CommandLoad {

  private CommandLoad() {}

  /** Sends command {@code n} and waits for its decision: {@code null} if accepted, else why not. */
  interface Step {
    String send(int n) throws Exception;
  }

  /** What the measured period saw; latencies from send to decision. */
  record Result(
      int clients,
      long completed,
      double seconds,
      double p50Ms,
      double p99Ms,
      double maxMs,
      Map<String, Integer> failures,
      double loadAverage) {

    double commandsPerSecond() {
      return completed / seconds;
    }

    /** A markdown table row: clients, commands/s, p50, p99, max, failures, load average. */
    String row() {
      return String.format(
          "| %d | %,.0f | %.1f | %.1f | %.1f | %s | %.1f |",
          clients,
          commandsPerSecond(),
          p50Ms,
          p99Ms,
          maxMs,
          failures.isEmpty() ? "none" : failures.toString(),
          loadAverage);
    }
  }

  /** The header of {@link Result#row()}'s table. */
  static final List<String> HEADER =
      List.of(
          "| clients | commands/s | p50 ms | p99 ms | max ms | failures | load avg (1 min) |",
          "|---:|---:|---:|---:|---:|---|---:|");

  static Result run(int clients, Duration warmUp, Duration measured, Step step) throws Exception {
    long measureFrom = System.nanoTime() + warmUp.toNanos();
    long end = measureFrom + measured.toNanos();
    Map<String, Integer> failures = new ConcurrentHashMap<>();
    AtomicInteger next = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(clients);
    try {
      List<Future<long[]>> callers = new ArrayList<>();
      for (int c = 0; c < clients; c++) {
        callers.add(pool.submit(() -> call(step, next, measureFrom, end, failures)));
      }
      List<long[]> each = new ArrayList<>();
      for (Future<long[]> caller : callers) {
        each.add(caller.get());
      }
      long[] sorted = each.stream().flatMapToLong(Arrays::stream).sorted().toArray();
      return result(clients, sorted, measured, failures);
    } finally {
      pool.shutdownNow();
    }
  }

  /** One caller's latencies in the measured period, in nanoseconds. */
  private static long[] call(
      Step step, AtomicInteger next, long measureFrom, long end, Map<String, Integer> failures) {
    long[] latencies = new long[4_096];
    int count = 0;
    while (System.nanoTime() < end) {
      long sent = System.nanoTime();
      String failure;
      try {
        failure = step.send(next.getAndIncrement());
      } catch (Exception e) {
        failure = e.getClass().getSimpleName() + ": " + e.getMessage();
      }
      long took = System.nanoTime() - sent;
      if (failure != null) {
        failures.merge(failure, 1, Integer::sum);
      } else if (sent >= measureFrom) {
        if (count == latencies.length) {
          latencies = Arrays.copyOf(latencies, count * 2);
        }
        latencies[count++] = took;
      }
    }
    return Arrays.copyOf(latencies, count);
  }

  /** Sends command {@code n} without waiting: its decision, {@code null} if accepted. */
  interface AsyncStep {
    CompletableFuture<String> send(int n);
  }

  /**
   * An open-loop load: commands at a fixed {@code rate} per second whether or not earlier ones are
   * answered, for a warm-up and then a measured period. Latency runs from each command's scheduled
   * send time, so a stalled service shows as latency, not as fewer commands sent (no coordinated
   * omission). A command unanswered {@code 30 s} after the end counts as a failure; so does a
   * backlog that grew over the measured period.
   */
  static Result open(double rate, Duration warmUp, Duration measured, AsyncStep step)
      throws Exception {
    long start = System.nanoTime();
    long measureFrom = start + warmUp.toNanos();
    long end = measureFrom + measured.toNanos();
    long interval = (long) (1e9 / rate);
    Map<String, Integer> failures = new ConcurrentHashMap<>();
    ConcurrentLinkedQueue<Long> latencies = new ConcurrentLinkedQueue<>();
    AtomicInteger outstanding = new AtomicInteger();
    int outstandingAtMiddle = -1;
    long middle = measureFrom + measured.toNanos() / 2;
    long sent = 0;
    for (int n = 0; ; n++) {
      long scheduled = start + n * interval;
      if (scheduled >= end) {
        break;
      }
      long wait = scheduled - System.nanoTime();
      if (wait > 0) {
        LockSupport.parkNanos(wait);
      }
      if (outstandingAtMiddle < 0 && scheduled >= middle) {
        outstandingAtMiddle = outstanding.get();
      }
      outstanding.incrementAndGet();
      sent++;
      CompletableFuture<String> decision;
      try {
        decision = step.send(n);
      } catch (RuntimeException e) {
        decision = CompletableFuture.failedFuture(e);
      }
      decision.whenComplete(
          (failure, error) -> {
            outstanding.decrementAndGet();
            String why = error != null ? error.getClass().getSimpleName() : failure;
            if (why != null) {
              failures.merge(why, 1, Integer::sum);
            } else if (scheduled >= measureFrom) {
              latencies.add(System.nanoTime() - scheduled);
            }
          });
    }
    int outstandingAtEnd = outstanding.get();
    long drainUntil = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (outstanding.get() > 0 && System.nanoTime() < drainUntil) {
      Thread.sleep(50);
    }
    if (outstanding.get() > 0) {
      failures.put("no decision 30 s after the end", outstanding.get());
    }
    if (outstandingAtEnd > Math.max(10, 2 * outstandingAtMiddle)) {
      failures.put(
          "backlog grew from " + outstandingAtMiddle + " to " + outstandingAtEnd, (int) sent);
    }
    long[] sorted = latencies.stream().mapToLong(Long::longValue).sorted().toArray();
    return result((int) Math.round(rate), sorted, measured, failures);
  }

  /** A result from the measured period's latencies in nanoseconds, sorted. */
  private static Result result(
      int clients, long[] sorted, Duration measured, Map<String, Integer> failures) {
    return new Result(
        clients,
        sorted.length,
        measured.toNanos() / 1e9,
        percentile(sorted, 0.50),
        percentile(sorted, 0.99),
        sorted.length == 0 ? 0 : sorted[sorted.length - 1] / 1e6,
        failures,
        // Above the core count, something else competed for the CPU: the figures are suspect.
        ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
  }

  /**
   * {@code POST /commands} at {@code baseUrl}: a {@code SetGuildToggle} by an administrator on
   * guild {@code n % guilds} (so on every partition), with a fresh idempotency key.
   */
  static Step http(String baseUrl, String token, int guilds) {
    HttpClient http = HttpClient.newBuilder().build();
    URI commands = URI.create(baseUrl + "/commands");
    return n -> {
      String guild = String.valueOf(700_000_000_000_000_000L + Math.floorMod(n, guilds));
      String body =
          """
          {"type":"SetGuildToggle","guildId":"%s",
           "payload":{"guildId":"%s","toggle":"KEEP_LOGS","enabled":%s},
           "actor":{"userId":"1","permissions":8,"roleIds":[]},"locale":"en-GB"}
          """
              .formatted(guild, guild, n % 2 == 0);
      HttpRequest request =
          HttpRequest.newBuilder(commands)
              .header("Authorization", "Bearer " + token)
              .header("Idempotency-Key", "bench-" + UUID.randomUUID())
              .header("Content-Type", "application/json")
              .timeout(Duration.ofSeconds(30))
              .POST(HttpRequest.BodyPublishers.ofString(body))
              .build();
      int status = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
      return status == 200 ? null : "HTTP " + status;
    };
  }

  private static double percentile(long[] sorted, double p) {
    if (sorted.length == 0) {
      return 0;
    }
    return sorted[(int) Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)] / 1e6;
  }
}
