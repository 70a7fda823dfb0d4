package gg.suggestions.deploy.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The machine-readable summary every benchmark writes to {@code target/bench/<name>.json}: when and
 * where it ran, then its figures (throughput, p50, p99, and the ratio to its anchor measured in the
 * same run).
 */
final class BenchSummary {

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private BenchSummary() {}

  /** Writes {@code figures} under {@code dir/<name>.json}, with the time and the machine. */
  static Path write(Path dir, String name, Map<String, ?> figures) throws IOException {
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
