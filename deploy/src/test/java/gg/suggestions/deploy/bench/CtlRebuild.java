package gg.suggestions.deploy.bench;

import static org.assertj.core.api.Assertions.assertThat;

import gg.suggestions.deploy.Main;
import gg.suggestions.deploy.bench.FootprintBench.Footprint;
import gg.suggestions.testing.TestPostgres;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@code suggestionsctl rebuild --all} in its own JVM, as an operator runs it, with its peak RSS.
 */
final class CtlRebuild {

  /** How long it took, JVM start included, and its peak resident set ({@code VmHWM}). */
  record Run(double seconds, long peakKb) {}

  private CtlRebuild() {}

  /** Rebuilds every projection into the database at {@code url}; fails unless it exits 0. */
  static Run run(String bootstrapServers, TestPostgres postgres, String url, String heap, Path log)
      throws Exception {
    return run(bootstrapServers, postgres, url, heap, log, Map.of());
  }

  /** As above, with {@code env} (such as the master key) in its environment. */
  static Run run(
      String bootstrapServers,
      TestPostgres postgres,
      String url,
      String heap,
      Path log,
      Map<String, String> env)
      throws Exception {
    // For profiling, e.g. -Dbench.rebuildJvmArgs=-XX:StartFlightRecording=filename=rebuild.jfr
    List<String> jvm =
        Arrays.stream(System.getProperty("bench.rebuildJvmArgs", "").split(" "))
            .filter(arg -> !arg.isBlank())
            .toList();
    return ctl(
        heap,
        jvm,
        log,
        env,
        List.of(
            "rebuild",
            "--all",
            "--bootstrap-servers=" + bootstrapServers,
            "--db-url=" + url,
            "--db-user=" + postgres.user()));
  }

  /**
   * {@code suggestionsctl <args>} in its own JVM with {@code heap}, its output in {@code log};
   * fails unless it exits 0.
   */
  static Run ctl(
      String heap, List<String> jvm, Path log, Map<String, String> env, List<String> args)
      throws Exception {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx" + heap);
    command.addAll(jvm);
    command.addAll(
        List.of("-cp", System.getProperty("java.class.path"), Main.class.getName(), "ctl"));
    command.addAll(args);
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().keySet().removeIf(name -> name.startsWith("SUGGESTIONS_"));
    builder.environment().putAll(env);
    long began = System.nanoTime();
    Process ctl = builder.redirectErrorStream(true).redirectOutput(log.toFile()).start();
    long peakKb = 0;
    while (!ctl.waitFor(200, TimeUnit.MILLISECONDS)) {
      peakKb = Math.max(peakKb, Footprint.of("ctl", ctl.pid()).hwmKb());
    }
    assertThat(ctl.exitValue()).as("suggestionsctl " + args + " exit; see " + log).isZero();
    return new Run((System.nanoTime() - began) / 1e9, peakKb);
  }
}
