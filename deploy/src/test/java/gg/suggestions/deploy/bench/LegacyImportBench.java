package gg.suggestions.deploy.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.zaxxer.hikari.HikariDataSource;
import gg.suggestions.command.loop.CommandNode;
import gg.suggestions.eventstore.contract.guildconfig.GuildToggle;
import gg.suggestions.eventstore.topic.SuggestionTopics;
import gg.suggestions.testing.TestCommands;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;

/**
 * {@code suggestionsctl import legacy} of a generated 1.95 M-document dump ({@link LegacyDumps})
 * into the three-broker cluster through a command node, as an operator runs it: the ctl in its own
 * JVM, timed from start to the last command answered (every answer means its events are committed
 * with acks=all), with its peak RSS. Writes {@code target/bench/legacy-import.md} and {@code
 * .json}. {@code -Dbench.legacyDocuments=N} sizes the dump.
 */
class LegacyImportBench {

  private static final Path DIR = Path.of("target", "bench");
  private static final long DOCUMENTS = Long.getLong("bench.legacyDocuments", 1_950_000);
  private static final String HEAP = System.getProperty("bench.legacyHeap", "1g");
  private static final String OPERATOR = "223456789012345678";

  @Test
  void importsTheWholeDumpThroughTheCommandService() throws Exception {
    Path dump = DIR.resolve("legacy-import-dump");
    long began = System.nanoTime();
    long generated = LegacyDumps.generate(dump, DOCUMENTS);
    double generating = (System.nanoTime() - began) / 1e9;
    Path out = DIR.resolve("legacy-import.log");
    List<String> report = new ArrayList<>();
    Map<String, Object> json = new LinkedHashMap<>();
    try (BenchCluster cluster = BenchCluster.start(DIR);
        EmbeddedPostgres postgres =
            EmbeddedPostgres.builder()
                .setServerConfig("fsync", "on")
                .setServerConfig("synchronous_commit", "on")
                .start();
        HikariDataSource pool = CommandBudgetBench.pool(postgres)) {
      var node = CommandNode.create(cluster.bootstrapServers(), pool, Clock.systemUTC());
      Thread loop = new Thread(node.loop(), "bench-command-loop");
      loop.start();
      try {
        awaitDeciding(cluster);
        Map<String, Long> before = ends(cluster);
        CtlRebuild.Run run =
            CtlRebuild.ctl(
                HEAP,
                List.of(),
                out,
                Map.of(),
                Stream.concat(
                        Stream.of(
                            "import",
                            "legacy",
                            "--dump=" + dump,
                            "--zone=Europe/Berlin",
                            "--actor=" + OPERATOR,
                            "--bootstrap-servers=" + cluster.bootstrapServers()),
                        // e.g. -Dbench.legacyArgs=--in-flight=10000
                        Stream.of(System.getProperty("bench.legacyArgs", "").split(" "))
                            .filter(arg -> !arg.isBlank()))
                    .toList());
        Map<String, Long> after = ends(cluster);
        String log = Files.readString(out);
        Matcher all =
            Pattern.compile("(?m)^all\\s+([\\d,]+)\\s+([\\d,]+)\\s+([\\d,]+)").matcher(log);
        assertThat(all.find()).as(log).isTrue();
        long read = number(all.group(1));
        long imported = number(all.group(2));
        long skipped = number(all.group(3));
        assertThat(read).isEqualTo(generated).isEqualTo(imported + skipped);
        long events = after.get(SuggestionTopics.EVENTS) - before.get(SuggestionTopics.EVENTS);
        long interactions =
            after.get(SuggestionTopics.INTERACTIONS) - before.get(SuggestionTopics.INTERACTIONS);
        Matcher commands = Pattern.compile("([\\d,]+) commands answered in").matcher(log);
        long answered = commands.find() ? number(commands.group(1)) : -1;

        report.add("# Legacy import, " + Instant.now());
        report.add("");
        report.add("Machine: " + WritePathBench.machine());
        report.add("");
        report.add(
            String.format(
                "%,d documents generated in %.1f s. `suggestionsctl import legacy` in its own JVM"
                    + " (-Xmx%s) into three brokers (RF 3, min ISR 2) through one command node"
                    + " (this JVM, PostgreSQL replica with fsync on):",
                generated, generating, HEAP));
        report.add("");
        report.add(
            "| documents read | imported | skipped | commands | event offsets (events + commit markers) | interaction"
                + " offsets | seconds | documents/s | offsets/s | ctl peak RSS MiB |");
        report.add("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        report.add(
            String.format(
                "| %,d | %,d | %,d | %,d | %,d | %,d | %.1f | %,.0f | %,.0f | %,.0f |",
                read,
                imported,
                skipped,
                answered,
                events,
                interactions,
                run.seconds(),
                read / run.seconds(),
                (events + interactions) / run.seconds(),
                run.peakKb() / 1024.0));
        report.add("");
        report.add("The report it printed:");
        report.add("");
        report.add("```");
        log.lines().filter(line -> !line.matches("\\s*\\d+ s  read .*")).forEach(report::add);
        report.add("```");
        json.put("documents", read);
        json.put("imported", imported);
        json.put("skipped", skipped);
        json.put("commands", answered);
        json.put("events", events);
        json.put("interactions", interactions);
        json.put("seconds", BenchSummary.round(run.seconds()));
        json.put("documents per second", BenchSummary.round(read / run.seconds()));
        json.put("ctl peak RSS MiB", BenchSummary.round(run.peakKb() / 1024.0));
      } finally {
        node.loop().stop();
        loop.join(30_000);
      }
    }
    Files.write(DIR.resolve("legacy-import.md"), report);
    BenchSummary.write(DIR, "legacy-import", json);
    System.out.println(String.join(System.lineSeparator(), report));
    BenchCluster.deleteRecursively(dump);
  }

  /** Until the node owns its partitions and answers. */
  private static void awaitDeciding(BenchCluster cluster) throws Exception {
    try (var requester =
        new gg.suggestions.eventstore.request.CommandRequester(
            cluster.bootstrapServers(), "bench-" + UUID.randomUUID(), TestCommands.CODEC)) {
      await()
          .atMost(Duration.ofMinutes(2))
          .ignoreExceptions()
          .until(
              () ->
                  requester
                      .send(
                          TestCommands.setToggle(
                              "bench-" + UUID.randomUUID(),
                              "700000000000000000",
                              GuildToggle.KEEP_LOGS.name(),
                              true,
                              TestCommands.ADMIN,
                              requester.requesterId()))
                      .get(30, TimeUnit.SECONDS)
                      .accepted());
    }
  }

  /** The sum of the end offsets of the event and interaction topics. */
  private static Map<String, Long> ends(BenchCluster cluster) {
    Map<String, Long> ends = new LinkedHashMap<>();
    try (var consumer =
        new KafkaConsumer<>(
            Map.<String, Object>of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers()),
            new ByteArrayDeserializer(),
            new ByteArrayDeserializer())) {
      for (String topic : List.of(SuggestionTopics.EVENTS, SuggestionTopics.INTERACTIONS)) {
        var partitions =
            consumer.partitionsFor(topic).stream()
                .map(p -> new TopicPartition(topic, p.partition()))
                .toList();
        ends.put(
            topic,
            consumer.endOffsets(partitions).values().stream().mapToLong(Long::longValue).sum());
      }
    }
    return ends;
  }

  private static long number(String text) {
    return Long.parseLong(text.replace(",", ""));
  }
}
