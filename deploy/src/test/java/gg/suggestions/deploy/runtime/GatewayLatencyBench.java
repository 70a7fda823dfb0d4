package gg.suggestions.deploy.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import gg.suggestions.deploy.bench.BenchSummary;
import gg.suggestions.gateway.fake.FakeDiscord;
import gg.suggestions.gateway.fake.FakeMember;
import gg.suggestions.gateway.fake.FakeMessage;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * How fast the bot answers, through the real JDA client against the local fake Discord, on the
 * embedded all-in-one platform: the deferral (Discord's 3-second rule) and the final answer of vote
 * presses, from several members at once. Writes {@code target/bench/gateway-latency.md}.
 */
class GatewayLatencyBench {

  private static final int MEMBERS = Integer.getInteger("bench.members", 8);
  private static final int PRESSES = Integer.getInteger("bench.pressesPerMember", 50);
  private static final Duration WAIT = Duration.ofSeconds(60);

  @Test
  void votePresses() throws Exception {
    String token = "bench-" + UUID.randomUUID();
    try (FakeDiscord discord = FakeDiscord.start();
        RunningPlatform platform =
            Platform.start(
                EmbeddedPlatformIT.settings(
                    Path.of("target", "bench", UUID.randomUUID().toString())),
                "--suggestions.api.token=" + token,
                "--suggestions.discord.token=" + discord.token(),
                "--suggestions.discord.rest-base-url=" + discord.restBaseUrl(),
                "--suggestions.discord.gateway-url=" + discord.gatewayUrl(),
                "--suggestions.discord.shards=1")) {
      String guild = "990000000000000001";
      String channel = "990000000000000002";
      FakeMember admin =
          FakeMember.of("990000000000000003", "Ada").withPermissions(FakeDiscord.ADMINISTRATOR);
      discord.guild(guild).locale("en-GB").textChannel(channel, "suggestions").create();
      discord.awaitFinalAnswer(
          discord.slash(
              guild,
              channel,
              admin,
              "en-GB",
              "config channel",
              Map.of("setting", "suggestions", "channel", channel)),
          WAIT);
      String answer =
          discord
              .awaitFinalAnswer(
                  discord.slash(
                      guild,
                      channel,
                      admin,
                      "en-GB",
                      "suggest",
                      Map.of("suggestion", "Benchmarks")),
                  WAIT)
              .embeds()
              .get(0)
              .description();
      Matcher sid = Pattern.compile("\\b([a-z0-9]{8})\\.").matcher(answer);
      assertThat(sid.find()).isTrue();
      FakeMessage message =
          discord.awaitMessage(
              channel, m -> m.customIds().contains("vote:up:" + sid.group(1)), WAIT);

      List<Duration> defers = Collections.synchronizedList(new ArrayList<>());
      List<Duration> finals = Collections.synchronizedList(new ArrayList<>());
      ExecutorService members = Executors.newFixedThreadPool(MEMBERS);
      Instant start = Instant.now();
      List<Future<?>> running = new ArrayList<>();
      for (int m = 0; m < MEMBERS; m++) {
        FakeMember member = FakeMember.of(Long.toString(991_000_000_000_000_000L + m), "M" + m);
        running.add(
            members.submit(
                () -> {
                  for (int i = 0; i < PRESSES; i++) {
                    String direction = i % 2 == 0 ? "up" : "down";
                    String id =
                        discord.button(
                            guild,
                            channel,
                            message.id(),
                            member,
                            "en-GB",
                            "vote:" + direction + ":" + sid.group(1));
                    discord.awaitFinalAnswer(id, WAIT);
                    List<Duration> delays = discord.answerDelays(id);
                    defers.add(delays.get(0));
                    finals.add(delays.get(delays.size() - 1));
                  }
                  return null;
                }));
      }
      for (Future<?> f : running) {
        f.get();
      }
      Duration elapsed = Duration.between(start, Instant.now());
      members.shutdown();

      List<String> report = new ArrayList<>();
      report.add("# Gateway latency, " + Instant.now());
      report.add("");
      report.add(
          "Machine: "
              + Runtime.getRuntime().availableProcessors()
              + " cores, "
              + ManagementFactory.getRuntimeMXBean().getVmVersion()
              + "; embedded platform (1 broker, PostgreSQL) and the fake Discord in one JVM.");
      report.add(
          MEMBERS
              + " members pressing vote buttons one after another, "
              + PRESSES
              + " presses each: "
              + defers.size()
              + " presses in "
              + elapsed.toMillis()
              + " ms ("
              + Math.round(defers.size() * 1000.0 / elapsed.toMillis())
              + " presses/s).");
      report.add("");
      report.add("| answer | p50 ms | p95 ms | p99 ms | max ms |");
      report.add("|---|---:|---:|---:|---:|");
      report.add(row("deferral (Discord allows 3,000 ms)", defers));
      report.add(row("final answer (vote committed)", finals));
      Files.createDirectories(Path.of("target", "bench"));
      Files.write(Path.of("target", "bench", "gateway-latency.md"), report);
      BenchSummary.write(
          Path.of("target", "bench"), "gateway-latency", BenchSummary.tables(report));
      System.out.println(String.join(System.lineSeparator(), report));
      assertThat(defers).hasSize(MEMBERS * PRESSES);
    }
  }

  private static String row(String what, List<Duration> samples) {
    List<Long> ms = samples.stream().map(Duration::toMillis).sorted().toList();
    return "| "
        + what
        + " | "
        + at(ms, 0.50)
        + " | "
        + at(ms, 0.95)
        + " | "
        + at(ms, 0.99)
        + " | "
        + ms.get(ms.size() - 1)
        + " |";
  }

  private static long at(List<Long> sorted, double quantile) {
    return sorted.get((int) Math.min(sorted.size() - 1, Math.floor(quantile * sorted.size())));
  }
}
