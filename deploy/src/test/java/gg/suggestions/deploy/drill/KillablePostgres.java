package gg.suggestions.deploy.drill;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A running PostgreSQL (the test's embedded server) that the drill kills with SIGKILL, postmaster
 * and every backend, and starts again from the postmaster's own command line and environment.
 */
final class KillablePostgres {

  private final JdbcTemplate jdbc;
  private final List<String> command;
  private final Map<String, String> environment;

  private KillablePostgres(
      JdbcTemplate jdbc, List<String> command, Map<String, String> environment) {
    this.jdbc = jdbc;
    this.command = command;
    this.environment = environment;
  }

  /** Remembers how the server behind {@code dataSource} was started. */
  static KillablePostgres of(DataSource dataSource) throws IOException {
    JdbcTemplate jdbc = new JdbcTemplate(dataSource);
    long pid = postmasterPid(jdbc);
    List<String> command = new ArrayList<>();
    if ("root".equals(System.getProperty("user.name"))) {
      // PostgreSQL refuses root; the embedded server runs in a user namespace, as zonky started it.
      command.addAll(List.of("unshare", "-U"));
    }
    command.addAll(List.of(procFile(pid, "cmdline").split("\\u0000")));
    Map<String, String> environment = new HashMap<>();
    for (String variable : procFile(pid, "environ").split("\\u0000")) {
      int eq = variable.indexOf('=');
      if (eq > 0) {
        environment.put(variable.substring(0, eq), variable.substring(eq + 1));
      }
    }
    return new KillablePostgres(jdbc, command, environment);
  }

  /** SIGKILL to the postmaster and every backend: no shutdown, no checkpoint. */
  void kill() throws Exception {
    ProcessHandle postmaster = ProcessHandle.of(postmasterPid(jdbc)).orElseThrow();
    List<ProcessHandle> all = new ArrayList<>(postmaster.descendants().toList());
    all.add(0, postmaster);
    for (ProcessHandle process : all) {
      new ProcessBuilder("kill", "-KILL", Long.toString(process.pid())).start().waitFor();
    }
    for (ProcessHandle process : all) {
      process.onExit().get(10, TimeUnit.SECONDS);
    }
  }

  /**
   * Starts the postmaster again and waits until it answers. A start is refused while a killed
   * backend still holds shared memory: then it is started again. One that runs is never started
   * twice: under load its crash recovery can outlast a poll, and a second postmaster would only be
   * refused by the first one's lock file, again and again (a 1,000-fault run died so).
   */
  void start(Path log) {
    Process[] postmaster = {null};
    await()
        .atMost(Duration.ofSeconds(120))
        .pollInterval(Duration.ofSeconds(1))
        .ignoreExceptions()
        .until(
            () -> {
              if (postmaster[0] == null || !postmaster[0].isAlive()) {
                postmaster[0] = launch(log);
              }
              return jdbc.queryForObject("SELECT 1", Integer.class) == 1;
            });
  }

  private Process launch(Path log) throws IOException {
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    builder.environment().clear();
    builder.environment().putAll(environment);
    return builder.start();
  }

  private static long postmasterPid(JdbcTemplate jdbc) throws IOException {
    String dataDir = jdbc.queryForObject("SHOW data_directory", String.class);
    return Long.parseLong(Files.readAllLines(Path.of(dataDir, "postmaster.pid")).get(0).strip());
  }

  private static String procFile(long pid, String name) throws IOException {
    return Files.readString(Path.of("/proc", Long.toString(pid), name), StandardCharsets.UTF_8);
  }
}
