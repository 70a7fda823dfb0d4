package gg.suggestions.deploy.drill;

import gg.suggestions.deploy.drill.History.Fault;
import gg.suggestions.deploy.drill.History.Operation;
import gg.suggestions.deploy.drill.History.Outcome;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * A drill's timeline as an SVG picture: acknowledgements per second and commands left without an
 * answer above, first-ask latency (median and worst, log scale) below, every fault's period shaded
 * in its kind's colour across both.
 */
final class Timeline {

  private static final int WIDTH = 1200;
  private static final int LEFT = 60;
  private static final int PLOT = WIDTH - LEFT - 20;
  private static final int PANEL = 160;
  private static final int TOP1 = 30;
  private static final int TOP2 = TOP1 + PANEL + 40;
  private static final int LEGEND = TOP2 + PANEL + 40;

  /** Latency axis: 1 ms to 10 s, logarithmic. */
  private static final double LOG_MIN = 0;

  private static final double LOG_MAX = 4;

  private static final Map<String, String> COLOURS =
      Map.of(
          "KILL_BROKER", "#e6550d",
          "KILL_CONTROLLER_LEADER", "#a63603",
          "PAUSE_BROKER", "#756bb1",
          "PARTITION_BROKER", "#3182bd",
          "KILL_COMMAND_NODE", "#31a354",
          "KILL_QUERY_NODE", "#a1d99b",
          "KILL_POSTGRES", "#de2d26",
          "QUORUM_LOST", "#636363");

  private Timeline() {}

  static String svg(History history, String title) {
    List<Operation> operations = history.operations();
    Instant start = operations.stream().map(Operation::invokedAt).min(Instant::compareTo).get();
    Instant end =
        operations.stream()
            .map(op -> op.firstAnsweredAt() != null ? op.firstAnsweredAt() : op.invokedAt())
            .max(Instant::compareTo)
            .get();
    double seconds = Math.max(1, Duration.between(start, end).toMillis() / 1000.0);
    int bucket = (int) Math.max(1, Math.ceil(seconds / PLOT * 2)); // Two pixels at least.
    int buckets = (int) Math.ceil(seconds / bucket) + 1;
    double[] acked = new double[buckets];
    double[] unanswered = new double[buckets];
    List<List<Long>> latencies = new ArrayList<>();
    for (int i = 0; i < buckets; i++) {
      latencies.add(new ArrayList<>());
    }
    for (Operation op : operations) {
      int invoked = index(start, op.invokedAt(), bucket, buckets);
      if (op.okAtFirstAsk()) {
        acked[index(start, op.firstAnsweredAt(), bucket, buckets)] += 1.0 / bucket;
        latencies.get(invoked).add(op.firstAnswerMillis());
      } else if (op.firstOutcome() == null || op.firstOutcome() == Outcome.INFO) {
        unanswered[invoked] += 1.0 / bucket;
      }
    }
    double maxRate = 1;
    for (int i = 0; i < buckets; i++) {
      maxRate = Math.max(maxRate, Math.max(acked[i], unanswered[i]));
    }
    maxRate = Math.ceil(maxRate / 5) * 5;

    StringBuilder svg = new StringBuilder();
    svg.append(
        String.format(
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\""
                + " font-family=\"sans-serif\" font-size=\"11\">%n",
            WIDTH, LEGEND + 40));
    svg.append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
    svg.append(text(LEFT, 16, escape(title), "font-size=\"13\" font-weight=\"bold\""));
    for (Fault fault : history.faults()) {
      double from = x(start, fault.at(), seconds);
      Instant over = fault.over() != null ? fault.over() : fault.at().plusSeconds(1);
      double width = Math.max(1, x(start, over, seconds) - from);
      String colour = COLOURS.getOrDefault(fault.kind(), "#999999");
      for (int top : new int[] {TOP1, TOP2}) {
        svg.append(
            String.format(
                Locale.ROOT,
                "<rect x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"%d\" fill=\"%s\""
                    + " fill-opacity=\"0.25\"><title>%s</title></rect>%n",
                from,
                top,
                width,
                PANEL,
                colour,
                escape(fault.at() + " " + fault.what())));
      }
    }
    // Panel 1: acknowledgements and unanswered commands per second.
    axes(svg, TOP1, "acknowledged / s (green), unanswered in 10 s / s (red)", seconds);
    for (int tick = 0; tick <= 2; tick++) {
      double value = maxRate * tick / 2;
      svg.append(text(LEFT - 5, yRate(value, maxRate) + 4, fmt(value), "text-anchor=\"end\""));
    }
    svg.append(polyline(acked, maxRate, bucket, seconds, "#31a354"));
    svg.append(polyline(unanswered, maxRate, bucket, seconds, "#de2d26"));
    // Panel 2: latency of first-ask acknowledgements, median and worst, per bucket.
    axes(svg, TOP2, "first-ask latency, median (blue) and max (black), log scale", seconds);
    for (int decade = 0; decade <= 4; decade++) {
      double y = yLatency(Math.pow(10, decade));
      svg.append(
          String.format(
              Locale.ROOT,
              "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#eeeeee\"/>%n",
              LEFT,
              y,
              LEFT + PLOT,
              y));
      svg.append(
          text(
              LEFT - 5,
              y + 4,
              new String[] {"1ms", "10ms", "100ms", "1s", "10s"}[decade],
              "text-anchor=\"end\""));
    }
    svg.append(latencyLine(latencies, 0.5, bucket, seconds, "#3182bd"));
    svg.append(latencyLine(latencies, 1.0, bucket, seconds, "#252525"));
    // Legend: the fault kinds present.
    int lx = LEFT;
    for (String kind : new TreeMap<>(kindsOf(history)).keySet()) {
      svg.append(
          String.format(
              "<rect x=\"%d\" y=\"%d\" width=\"12\" height=\"12\" fill=\"%s\""
                  + " fill-opacity=\"0.4\"/>%n",
              lx, LEGEND, COLOURS.getOrDefault(kind, "#999999")));
      svg.append(text(lx + 16, LEGEND + 10, kind, ""));
      lx += 22 + kind.length() * 7;
    }
    svg.append("</svg>\n");
    return svg.toString();
  }

  private static Map<String, Boolean> kindsOf(History history) {
    Map<String, Boolean> kinds = new TreeMap<>();
    history.faults().forEach(f -> kinds.put(f.kind(), true));
    return kinds;
  }

  private static void axes(StringBuilder svg, int top, String label, double seconds) {
    svg.append(
        String.format(
            "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"none\" stroke=\"#999\"/>%n",
            LEFT, top, PLOT, PANEL));
    svg.append(text(LEFT, top - 5, label, ""));
    int step = niceStep(seconds);
    for (int s = 0; s <= seconds; s += step) {
      double x = LEFT + PLOT * s / seconds;
      svg.append(text(x, top + PANEL + 14, minutes(s), "text-anchor=\"middle\""));
    }
  }

  private static int niceStep(double seconds) {
    for (int step : new int[] {10, 30, 60, 120, 300, 600, 900, 1800, 3600}) {
      if (seconds / step <= 12) {
        return step;
      }
    }
    return 7200;
  }

  private static String minutes(int seconds) {
    return seconds % 60 == 0
        ? seconds / 60 + " min"
        : String.format("%d:%02d", seconds / 60, seconds % 60);
  }

  private static String polyline(
      double[] values, double max, int bucket, double seconds, String colour) {
    StringBuilder points = new StringBuilder();
    for (int i = 0; i < values.length; i++) {
      points.append(
          String.format(
              Locale.ROOT,
              "%.1f,%.1f ",
              LEFT + PLOT * Math.min(seconds, (double) i * bucket) / seconds,
              yRate(values[i], max)));
    }
    return String.format(
        "<polyline points=\"%s\" fill=\"none\" stroke=\"%s\" stroke-width=\"1\"/>%n",
        points.toString().trim(), colour);
  }

  private static String latencyLine(
      List<List<Long>> latencies, double fraction, int bucket, double seconds, String colour) {
    StringBuilder svg = new StringBuilder();
    StringBuilder points = new StringBuilder();
    for (int i = 0; i < latencies.size(); i++) {
      List<Long> values = latencies.get(i);
      if (values.isEmpty()) {
        if (points.length() > 0) {
          svg.append(line(points, colour));
          points.setLength(0);
        }
        continue;
      }
      Collections.sort(values);
      long value = DrillReport.percentile(values, fraction);
      points.append(
          String.format(
              Locale.ROOT,
              "%.1f,%.1f ",
              LEFT + PLOT * Math.min(seconds, (double) i * bucket) / seconds,
              yLatency(Math.max(1, value))));
    }
    if (points.length() > 0) {
      svg.append(line(points, colour));
    }
    return svg.toString();
  }

  private static String line(StringBuilder points, String colour) {
    return String.format(
        "<polyline points=\"%s\" fill=\"none\" stroke=\"%s\" stroke-width=\"1\"/>%n",
        points.toString().trim(), colour);
  }

  private static int index(Instant start, Instant at, int bucket, int buckets) {
    long second = Duration.between(start, at).toMillis() / 1000;
    return (int) Math.min(buckets - 1, Math.max(0, second / bucket));
  }

  private static double x(Instant start, Instant at, double seconds) {
    double s = Duration.between(start, at).toMillis() / 1000.0;
    return LEFT + PLOT * Math.max(0, Math.min(seconds, s)) / seconds;
  }

  private static double yRate(double value, double max) {
    return TOP1 + PANEL - PANEL * value / max;
  }

  private static double yLatency(double millis) {
    double log = Math.max(LOG_MIN, Math.min(LOG_MAX, Math.log10(millis)));
    return TOP2 + PANEL - PANEL * (log - LOG_MIN) / (LOG_MAX - LOG_MIN);
  }

  private static String text(double x, double y, String text, String attributes) {
    return String.format(
        Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" %s>%s</text>%n", x, y, attributes, text);
  }

  private static String fmt(double value) {
    return value == Math.rint(value) ? Long.toString((long) value) : String.format("%.1f", value);
  }

  private static String escape(String text) {
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }
}
