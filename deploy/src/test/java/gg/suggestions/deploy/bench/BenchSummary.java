package gg.suggestions.deploy.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The machine-readable summary every benchmark writes to {@code target/bench/<name>.json}: when and
 * where it ran, then its figures (throughput, p50, p99, and the ratio to its anchor measured in the
 * same run).
 */
public final class BenchSummary {

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private BenchSummary() {}

  /** Writes {@code figures} under {@code dir/<name>.json}, with the time and the machine. */
  public static Path write(Path dir, String name, Map<String, ?> figures) throws IOException {
    Map<String, Object> summary = new LinkedHashMap<>();
    summary.put("benchmark", name);
    summary.put("finishedAt", Instant.now().toString());
    summary.put("machine", WritePathBench.machine());
    summary.put("commit", System.getProperty("bench.commit", System.getenv("GIT_COMMIT")));
    summary.putAll(figures);
    Files.createDirectories(dir);
    Path file = dir.resolve(name + ".json");
    JSON.writeValue(file.toFile(), summary);
    return file;
  }

  /**
   * Every table of a markdown report, under the heading above it: one object per row, keyed by the
   * column titles, with numbers as numbers ("1,234" and "0.12" too). For benchmarks whose figures
   * live in their report's tables.
   */
  public static Map<String, Object> tables(List<String> markdown) {
    Map<String, Object> tables = new LinkedHashMap<>();
    String heading = "report";
    List<String> columns = null;
    List<Map<String, Object>> rows = null;
    for (String line : markdown) {
      if (line.startsWith("#")) {
        heading = line.replaceFirst("^#+\\s*", "");
      }
      if (!line.startsWith("|")) {
        columns = null;
        continue;
      }
      List<String> cells = cells(line);
      if (columns == null) {
        columns = cells;
        rows = new ArrayList<>();
        tables.put(
            tables.containsKey(heading) ? heading + " (" + tables.size() + ")" : heading, rows);
      } else if (!cells.stream().allMatch(c -> c.matches(":?-+:?"))) {
        Map<String, Object> row = new LinkedHashMap<>();
        for (int i = 0; i < Math.min(columns.size(), cells.size()); i++) {
          row.put(columns.get(i), value(cells.get(i)));
        }
        rows.add(row);
      }
    }
    return tables;
  }

  private static List<String> cells(String line) {
    String inner = line.strip().replaceAll("^\\||\\|$", "");
    return Arrays.stream(inner.split("\\|")).map(String::strip).toList();
  }

  private static Object value(String cell) {
    String plain = cell.replace(",", "").replace("*", "").replace("×", "").strip();
    try {
      return Double.parseDouble(plain);
    } catch (NumberFormatException notANumber) {
      return cell;
    }
  }

  /** One load's figures, as the summaries carry them. */
  static Map<String, Object> of(CommandLoad.Result result) {
    Map<String, Object> figures = new LinkedHashMap<>();
    figures.put("clients", result.clients());
    figures.put("completed", result.completed());
    figures.put("throughputPerSecond", round(result.commandsPerSecond()));
    figures.put("p50Ms", round(result.p50Ms()));
    figures.put("p99Ms", round(result.p99Ms()));
    figures.put("maxMs", round(result.maxMs()));
    figures.put("failures", result.failures());
    figures.put("loadAverage", round(result.loadAverage()));
    return figures;
  }

  static double round(double value) {
    return Math.round(value * 1000) / 1000.0;
  }
}
