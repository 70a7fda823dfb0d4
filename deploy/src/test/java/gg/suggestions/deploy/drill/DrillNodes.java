package gg.suggestions.deploy.drill;

import gg.suggestions.deploy.PlatformProcess;
import gg.suggestions.query.cli.Suggestionsctl;
import gg.suggestions.testing.TestPostgres;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The platform's processes in a drill: two command nodes and a query node, each its own OS process
 * ({@code SUGGESTIONS_SERVICES}) with its own database. Each incarnation logs to {@code
 * <node>-<n>.log} in the run's folder. Closing kills them all.
 */
final class DrillNodes implements AutoCloseable {

  /** The processes, by name: what each hosts. */
  static final Map<String, String> SERVICES =
      Map.of("command1", "command", "command2", "command", "query", "query");

  /** What {@code suggestionsctl verify --all} said, after how many attempts, and its output. */
  record Verified(int exit, int attempts, String output) {}

  private final Path dir;
  private final String run;
  private final String bootstrapServers;
  private final TestPostgres postgres;
  private final Map<String, PlatformProcess> nodes = new HashMap<>();
  private final Map<String, Integer> incarnations = new HashMap<>();

  /** Creates each node's database and starts every node. */
  DrillNodes(Path dir, String run, String bootstrapServers, TestPostgres postgres)
      throws IOException {
    this.dir = dir;
    this.run = run;
    this.bootstrapServers = bootstrapServers;
    this.postgres = postgres;
    for (String node : SERVICES.keySet()) {
      new JdbcTemplate(postgres.dataSource()).execute("CREATE DATABASE " + database(node));
      start(node);
    }
  }

  void kill(String node) throws InterruptedException {
    nodes.get(node).kill();
  }

  void start(String node) throws IOException {
    int incarnation = incarnations.merge(node, 1, Integer::sum);
    Map<String, String> env = new HashMap<>();
    env.put("SUGGESTIONS_KAFKA_BOOTSTRAP_SERVERS", bootstrapServers);
    env.put("SUGGESTIONS_DB_URL", dbUrl(node));
    env.put("SUGGESTIONS_DB_USER", postgres.user());
    env.put("SUGGESTIONS_DATA_DIR", dir.resolve(node).toString());
    env.put("SUGGESTIONS_SERVICES", SERVICES.get(node));
    nodes.put(node, PlatformProcess.start(dir.resolve(node + "-" + incarnation + ".log"), env));
  }

  /** Starts again every node whose process has died. */
  void restartDead() throws IOException {
    for (String node : SERVICES.keySet()) {
      if (!nodes.get(node).isAlive()) {
        start(node);
      }
    }
  }

  /** The nodes whose readiness probe does not answer 200 now; empty when all serve. */
  Set<String> notServing() {
    Set<String> waiting = new TreeSet<>();
    nodes.forEach(
        (name, node) -> {
          if (!node.isServing()) {
            waiting.add(name);
          }
        });
    return waiting;
  }

  /**
   * {@code suggestionsctl verify --all} against a node's database: 0 when every projection equals a
   * fresh rebuild. The check reads a quiet log, but the live processor may still be applying the
   * last events; only a difference that persists over a minute (6 attempts 10 s apart) counts.
   */
  Verified verify(String node) throws InterruptedException {
    Verified verified = null;
    for (int attempt = 1; attempt <= 6 && (verified == null || verified.exit() != 0); attempt++) {
      if (attempt > 1) {
        Thread.sleep(10_000);
      }
      StringWriter out = new StringWriter();
      int exit =
          Suggestionsctl.run(
              new PrintWriter(out, true),
              new PrintWriter(out, true),
              "verify",
              "--all",
              "--bootstrap-servers=" + bootstrapServers,
              "--db-url=" + dbUrl(node),
              "--db-user=" + postgres.user());
      verified = new Verified(exit, attempt, out.toString());
    }
    return verified;
  }

  private String database(String node) {
    return "drill_" + run + "_" + node;
  }

  private String dbUrl(String node) {
    return postgres.jdbcUrl().replace("/postgres?", "/" + database(node) + "?");
  }

  @Override
  public void close() throws InterruptedException {
    for (PlatformProcess node : nodes.values()) {
      node.kill();
    }
  }
}
