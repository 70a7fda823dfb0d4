package gg.suggestions.deploy;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.core.ConditionTimeoutException;

/** The real launcher run as its own OS process, as an operator runs it, with its log in a file. */
public final class PlatformProcess {

  private static final String DEFAULT_HEAP = "384m";

  /** One client for every readiness probe: the drill asks each node every second. */
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private static final Pattern PORT =
      Pattern.compile("Suggestions is ready in \\d+ ms: HTTP on port (\\d+)");

  private final Process process;
  private final Path log;

  private PlatformProcess(Process process, Path log) {
    this.process = process;
    this.log = log;
  }

  /** Starts {@link Main} with only the given {@code SUGGESTIONS_*} variables set. */
  public static PlatformProcess start(Path log, Map<String, String> env, String... args)
      throws IOException {
    return start(log, DEFAULT_HEAP, env, args);
  }

  /**
   * As {@link #start(Path, Map, String...)}, with a maximum heap of {@code heap} ({@code -Xmx}).
   */
  public static PlatformProcess start(
      Path log, String heap, Map<String, String> env, String... args) throws IOException {
    Files.createDirectories(log.getParent());
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    var command =
        new ArrayList<>(
            List.of(
                java,
                "-Xmx" + heap,
                "-cp",
                System.getProperty("java.class.path"),
                Main.class.getName()));
    command.addAll(List.of(args));
    var builder =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    builder.environment().keySet().removeIf(name -> name.startsWith("SUGGESTIONS_"));
    builder.environment().put("SERVER_PORT", "0");
    builder.environment().putAll(env);
    return new PlatformProcess(builder.start(), log);
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  public long pid() {
    return process.pid();
  }

  public boolean isReady() throws IOException {
    return process.isAlive()
        && Files.exists(log)
        && Files.readString(log).contains("Suggestions is ready");
  }

  /**
   * Whether the process is serving now: alive, started, and its readiness probe answers 200. A node
   * whose command loop failed, or whose projections fell behind, is not.
   */
  public boolean isServing() {
    try {
      String baseUrl = process.isAlive() ? baseUrl() : null;
      return baseUrl != null
          && HTTP.send(readiness(baseUrl).build(), HttpResponse.BodyHandlers.discarding())
                  .statusCode()
              == 200;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private static HttpRequest.Builder readiness(String baseUrl) {
    return HttpRequest.newBuilder(URI.create(baseUrl + "/actuator/health/readiness"))
        .timeout(Duration.ofSeconds(5));
  }

  /**
   * Waits until the process has started and its readiness probe answers 200 (its command loop
   * serves its partitions, its projections have caught up); returns its HTTP base URL. Fails at
   * once if the process exits or runs out of heap.
   */
  public String awaitServing(Duration atMost) {
    String baseUrl =
        await()
            .atMost(atMost)
            .pollInterval(Duration.ofMillis(200))
            .failFast("the process exited; see " + log, () -> !process.isAlive())
            .until(this::baseUrl, url -> url != null);
    var readiness = readiness(baseUrl);
    String[] last = {"no answer"};
    try {
      await()
          .atMost(atMost)
          .pollInterval(Duration.ofMillis(200))
          .failFast("the process exited; see " + log, () -> !process.isAlive())
          .failFast("it ran out of heap", () -> Files.readString(log).contains("OutOfMemoryError"))
          .ignoreExceptions()
          .until(
              () -> {
                var answer = HTTP.send(readiness.build(), HttpResponse.BodyHandlers.ofString());
                last[0] = answer.statusCode() + " " + answer.body();
                return answer.statusCode() == 200;
              });
    } catch (ConditionTimeoutException e) {
      // What readiness said last is why: which component, which partition or projection.
      throw new AssertionError(
          "Not ready within " + atMost + " (see " + log + "); readiness said: " + last[0], e);
    }
    return baseUrl;
  }

  /** {@code http://127.0.0.1:<port>} once the process has said it is ready, else {@code null}. */
  public String baseUrl() throws IOException {
    if (!Files.exists(log)) {
      return null;
    }
    Matcher port = PORT.matcher(Files.readString(log));
    return port.find() ? "http://127.0.0.1:" + port.group(1) : null;
  }

  /** SIGKILL: no shutdown hook runs, no transaction is committed or aborted. */
  public void kill() throws InterruptedException {
    process.destroyForcibly().waitFor();
  }

  /** SIGTERM, as Ctrl-C or an orchestrator would stop it. */
  public void stop() throws InterruptedException {
    process.destroy();
    process.waitFor();
  }
}
