package gg.suggestions.query.cli;

import gg.suggestions.query.projection.ShadowRebuild;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;

/**
 * The rebuild's progress on standard error: a bar over all partitions, events per second and the
 * time left, then each partition's offset against its target when done.
 */
final class ProgressBar implements ShadowRebuild.Progress {

  private static final int WIDTH = 30;

  private final PrintWriter err;

  ProgressBar(PrintWriter err) {
    this.err = err;
  }

  @Override
  public void at(
      String name,
      ShadowRebuild.Span span,
      Map<Integer, Long> position,
      long events,
      Duration elapsed) {
    long total = span.total();
    long done = 0;
    for (var end : span.end().entrySet()) {
      long start = span.start().getOrDefault(end.getKey(), 0L);
      long at = Math.min(end.getValue(), position.getOrDefault(end.getKey(), start));
      done += Math.max(0, at - start);
    }
    double fraction = total == 0 ? 1 : (double) done / total;
    double seconds = Math.max(0.001, elapsed.toMillis() / 1000.0);
    double rate = done / seconds;
    long eta = rate == 0 ? 0 : (long) ((total - done) / rate);
    int filled = (int) Math.round(fraction * WIDTH);
    err.printf(
        "\r%-14s [%s%s] %3d%%  %,d/%,d records  %,d events  %,.0f records/s  ETA %ds",
        name,
        "#".repeat(filled),
        ".".repeat(WIDTH - filled),
        Math.round(fraction * 100),
        done,
        total,
        events,
        rate,
        eta);
    if (done >= total) {
      err.println();
      StringBuilder partitions = new StringBuilder("  partitions (offset/target):");
      new TreeMap<>(span.end())
          .forEach(
              (p, end) ->
                  partitions.append(
                      String.format(" %d:%d/%d", p, position.getOrDefault(p, end), end)));
      err.println(partitions);
    }
    err.flush();
  }
}
