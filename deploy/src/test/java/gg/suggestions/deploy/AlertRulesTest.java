package gg.suggestions.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The Prometheus alert rules, the platform's and the mirror's, are valid and fire when they should
 * ({@code alerts-test.yml} beside each), checked by Prometheus's own {@code promtool} (Debian's
 * {@code prometheus} package, which {@code .ci/run} installs); skipped where it is not installed.
 */
class AlertRulesTest {

  private static final Path OBSERVABILITY = Path.of("observability");
  private static final Path PROMTOOL = Path.of("/usr/bin/promtool");

  private static final Path MIRROR = Path.of("mirror");

  @Test
  void promtoolAcceptsTheRules() throws Exception {
    assertThat(promtool(OBSERVABILITY, "check", "rules", "alerts.yml")).contains("SUCCESS");
    assertThat(promtool(MIRROR, "check", "rules", "alerts.yml")).contains("SUCCESS");
  }

  @Test
  void theRulesFireAsTheirUnitTestsExpect() throws Exception {
    assertThat(promtool(OBSERVABILITY, "test", "rules", "alerts-test.yml")).contains("SUCCESS");
    assertThat(promtool(MIRROR, "test", "rules", "alerts-test.yml")).contains("SUCCESS");
  }

  private static String promtool(Path directory, String... args)
      throws IOException, InterruptedException {
    assumeTrue(
        Files.isExecutable(PROMTOOL), "promtool is not installed (apt-get install prometheus)");
    List<String> command = new ArrayList<>(List.of(PROMTOOL.toString()));
    command.addAll(List.of(args));
    Process process =
        new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true).start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as(out).isZero();
    return out;
  }
}
