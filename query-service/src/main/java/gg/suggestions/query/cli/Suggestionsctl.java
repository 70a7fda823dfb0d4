package gg.suggestions.query.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code suggestionsctl}: rebuild and verify projections, show their status, tail the event log.
 *
 * <p>Exit codes: 0 done; 1 failed (the message says why); 2 a bad command line; 3 the check found
 * something ({@code status}: dead letters; {@code verify} or {@code rebuild --verify}: the copy
 * differs from the live projection).
 */
@Command(
    name = "suggestionsctl",
    mixinStandardHelpOptions = true,
    version = "suggestionsctl 0.1.0",
    description = "Operate the Suggestions read side: projections and the event log.",
    subcommands = {
      RebuildCommand.class,
      VerifyCommand.class,
      StatusCommand.class,
      EventsCommand.class,
      ForgetCommand.class,
      ImportCommand.class
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:done",
      "1:failed; the message says why",
      "2:a bad command line",
      "3:the check found something (dead letters, or a copy that differs)"
    })
public final class Suggestionsctl implements Callable<Integer> {

  static final int FOUND_SOMETHING = 3;

  @Spec CommandSpec spec;

  /** Without a command: the usage, and exit code 2. */
  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getErr());
    return 2;
  }

  public static void main(String[] args) {
    System.exit(run(args));
  }

  /** Runs one command line; returns its exit code. */
  public static int run(String... args) {
    return run(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args);
  }

  public static int run(PrintWriter out, PrintWriter err, String... args) {
    CommandLine line = new CommandLine(Suggestionsctl.class);
    line.setOut(out);
    line.setErr(err);
    line.setExecutionExceptionHandler(
        (e, commandLine, parseResult) -> {
          commandLine.getErr().println("suggestionsctl: " + e.getMessage());
          return e instanceof UsageError ? 2 : 1;
        });
    return line.execute(args);
  }
}
