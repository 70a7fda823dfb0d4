package gg.suggestions.deploy.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Reading a generated 1.95 M-document dump of the old bot's database with {@code suggestionsctl
 * import legacy --dry-run}, in its own JVM as an operator runs it: time, documents/s, peak RSS and
 * the accounting (read = imported + skipped). Suggestions and locale tracking as mongodump BSON,
 * the rest as mongoexport JSON lines; one document in a thousand malformed. What a full import
 * costs beyond reading (writing the history) is not built yet.
 */
class LegacyReadBench {

  private static final Path DIR = Path.of("target", "bench");
  private static final long DOCUMENTS = Long.getLong("bench.legacyDocuments", 1_950_000);
  private static final String HEAP = System.getProperty("bench.legacyHeap", "1g");

  @Test
  void readsTheWholeDumpAndAccountsForEveryDocument() throws Exception {
    Path dump = DIR.resolve("legacy-dump");
    long began = System.nanoTime();
    long generated = LegacyDumps.generate(dump, DOCUMENTS);
    double generating = (System.nanoTime() - began) / 1e9;

    Path out = DIR.resolve("legacy-read.log");
    CtlRebuild.Run read =
        CtlRebuild.ctl(
            HEAP,
            List.of(),
            out,
            Map.of(),
            List.of("import", "legacy", "--dump=" + dump, "--zone=Europe/Berlin", "--dry-run"));
    double seconds = read.seconds();
    long peakKb = read.peakKb();
    String log = Files.readString(out);
    Matcher all = Pattern.compile("(?m)^all\\s+([\\d,]+)\\s+([\\d,]+)\\s+([\\d,]+)").matcher(log);
    assertThat(all.find()).as(log).isTrue();
    long documentsRead = number(all.group(1));
    long imported = number(all.group(2));
    long skipped = number(all.group(3));
    assertThat(documentsRead).isEqualTo(generated).isEqualTo(imported + skipped);

    List<String> report = new ArrayList<>();
    report.add("# Legacy dump read, " + Instant.now());
    report.add("");
    report.add("Machine: " + WritePathBench.machine());
    report.add("");
    report.add(
        String.format(
            "%,d documents generated in %.1f s; `suggestionsctl import legacy --dry-run` in its own"
                + " JVM (-Xmx%s):",
            generated, generating, HEAP));
    report.add("");
    report.add("| documents read | imported | skipped | seconds | documents/s | peak RSS MiB |");
    report.add("|---:|---:|---:|---:|---:|---:|");
    report.add(
        String.format(
            "| %,d | %,d | %,d | %.1f | %,.0f | %,.0f |",
            documentsRead, imported, skipped, seconds, documentsRead / seconds, peakKb / 1024.0));
    report.add("");
    report.add("The report it printed:");
    report.add("");
    report.add("```");
    log.lines().filter(line -> !line.startsWith("read ")).forEach(report::add);
    report.add("```");
    Files.write(DIR.resolve("legacy-read.md"), report);
    BenchSummary.write(
        DIR,
        "legacy-read",
        Map.of(
            "documents",
            documentsRead,
            "imported",
            imported,
            "skipped",
            skipped,
            "seconds",
            BenchSummary.round(seconds),
            "documents per second",
            BenchSummary.round(documentsRead / seconds),
            "peak RSS MiB",
            BenchSummary.round(peakKb / 1024.0)));
    System.out.println(String.join(System.lineSeparator(), report));
    BenchCluster.deleteRecursively(dump);
  }

  private static long number(String text) {
    return Long.parseLong(text.replace(",", ""));
  }
}
