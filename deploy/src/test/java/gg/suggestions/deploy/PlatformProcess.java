package gg.suggestions.deploy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** The real launcher run as its own OS process, as an operator runs it, with its log in a file. */
public final class PlatformProcess {

  private final Process process;
  private final Path log;

  private PlatformProcess(Process process, Path log) {
    this.process = process;
    this.log = log;
  }

  /** Starts {@link Main} with only the given {@code SUGGESTIONS_*} variables set. */
  public static PlatformProcess start(Path log, Map<String, String> env, String... args)
      throws IOException {
    Files.createDirectories(log.getParent());
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    var command =
        new java.util.ArrayList<>(
            List.of(
                java,
                "-Xmx384m",
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

  public boolean isReady() throws IOException {
    return process.isAlive()
        && Files.exists(log)
        && Files.readString(log).contains("Suggestions is ready");
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

  Process process() {
    return process;
  }
}
