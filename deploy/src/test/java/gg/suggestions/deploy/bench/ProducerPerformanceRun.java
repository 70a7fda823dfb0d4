package gg.suggestions.deploy.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.MatchResult;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.tools.ProducerPerformance;

/**
 * Kafka's own {@code ProducerPerformance} in a JVM of its own, the anchor for appends: same
 * cluster, same record size, {@code acks=all} with idempotence (Kafka's defaults).
 */
final class ProducerPerformanceRun {

  private static final Pattern SUMMARY =
      Pattern.compile(
          "(\\d+) records sent, ([\\d.]+) records/sec \\(([\\d.]+) MB/sec\\), ([\\d.]+) ms avg"
              + " latency.*?(\\d+) ms 50th, (\\d+) ms 95th, (\\d+) ms 99th");

  /** The summary line's figures. */
  record Result(long records, double recordsPerSecond, double p50Ms, double p99Ms, String line) {}

  private ProducerPerformanceRun() {}

  /**
   * @param transactionalId a transactional id to commit every {@code transactionMs}, or {@code
   *     null} for a plain idempotent producer
   */
  static Result run(
      String bootstrapServers,
      String topic,
      int records,
      int recordSize,
      String transactionalId,
      int transactionMs,
      Path log)
      throws IOException, InterruptedException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> command =
        new ArrayList<>(
            List.of(
                java,
                "-Xmx512m",
                "-cp",
                System.getProperty("java.class.path"),
                ProducerPerformance.class.getName(),
                "--topic",
                topic,
                "--num-records",
                String.valueOf(records),
                "--record-size",
                String.valueOf(recordSize),
                "--throughput",
                "-1",
                "--producer-props",
                "bootstrap.servers=" + bootstrapServers,
                "acks=all"));
    if (transactionalId != null) {
      command.addAll(
          List.of(
              "--transactional-id",
              transactionalId,
              "--transaction-duration-ms",
              String.valueOf(transactionMs)));
    }
    Files.createDirectories(log.getParent());
    int exit =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start()
            .waitFor();
    String output = Files.readString(log);
    MatchResult last = null;
    Matcher m = SUMMARY.matcher(output);
    while (m.find()) {
      last = m.toMatchResult();
    }
    if (exit != 0 || last == null) {
      throw new IllegalStateException("ProducerPerformance failed (exit " + exit + "); see " + log);
    }
    return new Result(
        Long.parseLong(last.group(1)),
        Double.parseDouble(last.group(2)),
        Double.parseDouble(last.group(5)),
        Double.parseDouble(last.group(7)),
        last.group(0));
  }
}
