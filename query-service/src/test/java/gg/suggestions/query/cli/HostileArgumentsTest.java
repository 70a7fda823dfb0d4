package gg.suggestions.query.cli;

import static org.assertj.core.api.Assertions.assertThat;

import gg.suggestions.eventstore.limits.Limits;
import gg.suggestions.testing.HostileInput;
import gg.suggestions.testing.HostileInput.Kind;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Hostile values in the flags that name something: {@code suggestionsctl} refuses each before it
 * connects to anything, with exit code 2 and one printable line that quotes the value safely.
 */
class HostileArgumentsTest {

  private static final List<List<String>> COMMANDS =
      List.of(
          List.of("events", "tail", "--guild"),
          List.of("rebuild", "--projection"),
          List.of("verify", "--projection"));

  @Test
  void everyHostileNameIsRefusedWithOnePrintableLine() {
    long seed = HostileInput.seed();
    Random random = new Random(seed);
    List<Kind> kinds = HostileInput.stringKinds();
    for (int i = 0; i < 300; i++) {
      List<String> command = COMMANDS.get(random.nextInt(COMMANDS.size()));
      Kind kind = kinds.get(random.nextInt(kinds.size()));
      String value = HostileInput.text(kind, random);
      String context = "seed " + seed + ", step " + i + ": " + command + " " + kind;

      Run run = ctl(command, value);

      assertThat(run.exit).as(context + ": " + run.err).isEqualTo(2);
      assertThat(run.err.lines().filter(l -> !l.isBlank())).as(context).hasSize(1);
      assertThat(Limits.firstForbidden(run.err.replace("\n", ""))).as(context).isEqualTo(-1);
      assertThat(run.err.length()).as(context).isLessThan(500);
    }
  }

  @Test
  void typeFiltersThatCannotBeEventTypesAreRefused() {
    for (String type : List.of("Vote\u0000Cast", "x".repeat(100), "' OR 1=1", "", "Vote Cast")) {
      Run run = ctl(List.of("events", "tail", "--type"), type);

      assertThat(run.exit).as(Limits.quote(type)).isEqualTo(2);
      assertThat(run.err).contains("--type must be an event type");
    }
  }

  private record Run(int exit, String err) {}

  private static Run ctl(List<String> command, String value) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    String[] args = new String[command.size() + 3];
    for (int i = 0; i < command.size(); i++) {
      args[i] = command.get(i);
    }
    args[command.size()] = value;
    // Nothing listens there: a flag that passed its check would fail to connect instead.
    args[command.size() + 1] = "--bootstrap-servers=127.0.0.1:1";
    args[command.size() + 2] = "--db-url=jdbc:postgresql://127.0.0.1:1/none";
    int exit = Suggestionsctl.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
    return new Run(exit, err.toString());
  }
}
