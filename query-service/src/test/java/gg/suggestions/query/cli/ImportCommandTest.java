package gg.suggestions.query.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImportCommandTest {

  @TempDir Path dump;

  private record Run(int exit, String out, String err) {}

  private static Run ctl(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exit = Suggestionsctl.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
    return new Run(exit, out.toString(), err.toString());
  }

  @Test
  void aDryRunReportsEveryCollection() throws Exception {
    Files.writeString(
        dump.resolve("user_configs.json"), "{\"_id\": 223456789012345678}\nnot json\n");

    Run run =
        ctl("import", "legacy", "--dump", dump.toString(), "--zone", "Europe/Berlin", "--dry-run");

    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(run.out())
        .contains("naive times read in Europe/Berlin: nothing written")
        .containsPattern("user_configs\\s+2\\s+1\\s+1\\s+1")
        .contains("user_configs: skipped 1: unreadable: not an Extended JSON document")
        .contains("suggestions")
        .contains("(not in the dump)");
  }

  @Test
  void aBadCommandLineIsRefusedWithTheReason() {
    Run missing = ctl("import", "legacy", "--dump", dump.resolve("nope").toString(), "--dry-run");
    Run zone =
        ctl("import", "legacy", "--dump", dump.toString(), "--zone", "Mars/Olympus", "--dry-run");
    Run noActor = ctl("import", "legacy", "--dump", dump.toString());
    Run badActor = ctl("import", "legacy", "--dump", dump.toString(), "--actor", "me");
    Run window =
        ctl("import", "legacy", "--dump", dump.toString(), "--actor", "42", "--in-flight", "0");

    assertThat(missing.exit()).isEqualTo(2);
    assertThat(missing.err()).contains("--dump names no folder");
    assertThat(zone.exit()).isEqualTo(2);
    assertThat(zone.err()).contains("--zone is no time zone: Mars/Olympus");
    for (Run run : List.of(noActor, badActor)) {
      assertThat(run.exit()).isEqualTo(2);
      assertThat(run.err()).contains("--actor is your Discord id");
    }
    assertThat(window.exit()).isEqualTo(2);
    assertThat(window.err()).contains("--in-flight is 1 to 100000");
  }
}
