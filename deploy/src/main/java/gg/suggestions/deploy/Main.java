package gg.suggestions.deploy;

import gg.suggestions.deploy.localcluster.LocalCluster;
import gg.suggestions.deploy.runtime.LaunchSettings;
import gg.suggestions.deploy.runtime.Platform;
import gg.suggestions.deploy.runtime.RunningPlatform;
import gg.suggestions.deploy.runtime.StartupProblem;
import gg.suggestions.query.cli.Suggestionsctl;
import java.util.Arrays;
import java.util.List;

/**
 * Entry point of the all-in-one jar. With no command (or {@code run}) it starts the platform; the
 * other commands run Kafka's own server and storage tool from the same jar, so the local cluster
 * needs nothing but this jar and a JDK.
 */
public final class Main {

  /** Exit code for a bad setting or an unusable environment at start-up. */
  static final int EXIT_STARTUP_PROBLEM = 2;

  private static final String USAGE =
      """
      usage: java -jar suggestions.jar [run] [--name=value ...]   start the platform
             java -jar suggestions.jar kafka-server <server.properties>
             java -jar suggestions.jar local-cluster configure <dir> | provision <bootstrap> | status <bootstrap>
             java -jar suggestions.jar ctl <rebuild|verify|status|events> ...   (suggestionsctl; ctl --help)""";

  private Main() {}

  public static void main(String[] args) throws Exception {
    String command = args.length == 0 || args[0].startsWith("--") ? "run" : args[0];
    String[] rest =
        args.length == 0 || args[0].startsWith("--")
            ? args
            : Arrays.copyOfRange(args, 1, args.length);
    switch (command) {
      case "run" -> run(rest);
      case "kafka-server" -> kafka.Kafka.main(rest);
      case "local-cluster" -> System.exit(new LocalCluster(System.out).run(List.of(rest)));
      case "ctl" -> System.exit(Suggestionsctl.run(rest));
      case "help", "-h" -> System.out.println(USAGE);
      default -> {
        System.err.println("suggestions: unknown command '" + command + "'\n" + USAGE);
        System.exit(64);
      }
    }
  }

  private static void run(String[] args) {
    RunningPlatform platform;
    try {
      platform = Platform.start(LaunchSettings.from(args), args);
    } catch (StartupProblem problem) {
      System.err.println("suggestions: cannot start: " + problem.getMessage());
      System.exit(EXIT_STARTUP_PROBLEM);
      return;
    } catch (RuntimeException e) {
      System.err.println("suggestions: cannot start: " + e.getMessage());
      System.exit(1);
      return;
    }
    Runtime.getRuntime().addShutdownHook(new Thread(platform::close, "suggestions-shutdown"));
  }
}
