package gg.suggestions.deploy.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import gg.suggestions.deploy.PlatformProcess;
import gg.suggestions.eventstore.envelope.AxonEnvelopes;
import gg.suggestions.eventstore.envelope.EnvelopeCodec;
import gg.suggestions.eventstore.privacy.KeyRing;
import gg.suggestions.eventstore.privacy.MasterKeys;
import gg.suggestions.eventstore.privacy.MemberKeys;
import gg.suggestions.eventstore.privacy.Sealing;
import gg.suggestions.eventstore.registry.EventSerialization;
import gg.suggestions.eventstore.upcast.EventUpcasters;
import gg.suggestions.testing.InMemoryKeys;
import gg.suggestions.testing.TestPostgres;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.CommonClientConfigs;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * What sealing members' personal data costs (docs/privacy.md), each pair measured in the same run:
 *
 * <ul>
 *   <li>the serializer: the event mix turned into envelopes and read back, without and with sealing
 *       (keys in memory), warmed, in this JVM;
 *   <li>commands: votes through {@code POST /commands} on a node without and with a master key;
 *   <li>the rebuild: {@code suggestionsctl rebuild --all} over a plaintext log, and over a log of
 *       the same events sealed, with the master key (opening every field).
 * </ul>
 *
 * Writes {@code target/bench/sealing.md} and its JSON summary.
 */
class SealingBench {

  private static final Path DIR = Path.of("target", "bench");
  private static final long EVENTS = Long.getLong("bench.sealingEvents", 1_000_000);
  private static final int GUILDS = Integer.getInteger("bench.guilds", 1_000);
  private static final int MEMBERS = 50_000; // EventMix's
  private static final Duration MEASURED =
      Duration.ofSeconds(Long.getLong("bench.commandSeconds", 30));
  private static final int CLIENTS = Integer.getInteger("bench.clients", 32);
  private static final String TOKEN = "bench-" + UUID.randomUUID();
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final String MASTER = MasterKeys.generate("bench", RANDOM);
  private static final ObjectMapper JSON = EnvelopeCodec.defaultMapper();

  @RegisterExtension static final TestPostgres postgres = new TestPostgres();

  private static final List<String> report = new ArrayList<>();
  private static final Map<String, Object> json = new LinkedHashMap<>();

  @AfterAll
  static void write() throws Exception {
    Sealing.install(Sealing.NONE);
    Files.createDirectories(DIR);
    Files.write(DIR.resolve("sealing.md"), report);
    BenchSummary.write(DIR, "sealing", json);
    System.out.println(String.join(System.lineSeparator(), report));
  }

  @Test
  void whatSealingCosts() throws Exception {
    report.add("# Sealing benchmark, " + Instant.now());
    report.add("");
    report.add("Machine: " + WritePathBench.machine());
    report.add("");
    serializer();
    double plainRebuild;
    try (BenchCluster cluster = BenchCluster.start(DIR)) {
      double seeded = seed(cluster);
      plainRebuild = rebuild(cluster, "plain", Map.of());
      json.put("seed plaintext events/s", BenchSummary.round(EVENTS / seeded));
      commands(cluster);
    }
    try (BenchCluster cluster = BenchCluster.start(DIR)) {
      Map<String, Object> kafka =
          Map.of(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers());
      try (KeyRing ring =
          KeyRing.connect(
              kafka, MasterKeys.parse(MASTER, RANDOM), RANDOM, Duration.ofSeconds(30))) {
        List<String> members = new ArrayList<>();
        for (int m = 0; m < MEMBERS; m++) {
          members.add(String.valueOf(900_000_000_000_000_000L + m));
        }
        long began = System.nanoTime();
        int made = ring.createAll(members);
        double keySeconds = (System.nanoTime() - began) / 1e9;
        Sealing.install(Sealing.with(ring, RANDOM));
        double seeded;
        try {
          seeded = seed(cluster);
        } finally {
          Sealing.install(Sealing.NONE);
        }
        double sealedRebuild = rebuild(cluster, "sealed", Map.of("SUGGESTIONS_MASTER_KEY", MASTER));
        report.add("## The rebuild");
        report.add("");
        report.add(
            String.format(
                "%,d events of the event mix (%,d guilds, %,d members). `suggestionsctl rebuild"
                    + " --all` in its own JVM (-Xmx1g), whole command.",
                EVENTS, GUILDS, MEMBERS));
        report.add("");
        report.add("| log | rebuild s | events/s | ratio to plaintext |");
        report.add("|---|---:|---:|---:|");
        report.add(
            String.format(
                "| plaintext | %.1f | %,.0f | 1.00 |", plainRebuild, EVENTS / plainRebuild));
        report.add(
            String.format(
                "| sealed, opened with the master key | %.1f | %,.0f | %.2f |",
                sealedRebuild, EVENTS / sealedRebuild, plainRebuild / sealedRebuild));
        report.add("");
        report.add(
            String.format(
                "Seeding the sealed log: %,d member keys written to the key topic in %.1f s"
                    + " (%,.0f keys/s, all in flight at once); then %,.0f events/s sealed against"
                    + " %,.0f events/s plaintext (one thread, encode and send).",
                made,
                keySeconds,
                made / keySeconds,
                EVENTS / seeded,
                ((Number) json.get("seed plaintext events/s")).doubleValue()));
        report.add("");
        json.put("rebuild plaintext s", BenchSummary.round(plainRebuild));
        json.put("rebuild sealed s", BenchSummary.round(sealedRebuild));
        json.put(
            "rebuild ratio sealed to plaintext", BenchSummary.round(plainRebuild / sealedRebuild));
        json.put("seed sealed events/s", BenchSummary.round(EVENTS / seeded));
        json.put("member keys/s", BenchSummary.round(made / keySeconds));
      }
    }
  }

  /** Envelopes of the event mix made and read back, without and with sealing: CPU only. */
  private static void serializer() {
    var serializer = EventSerialization.serializer();
    List<EventMix.Event> events = new ArrayList<>();
    new EventMix(7, GUILDS).emit(200_000, events::add);
    MemberKeys keys = new InMemoryKeys();
    var plain = new AxonEnvelopes(serializer, EventUpcasters.chain(), JSON, Sealing.NONE);
    var sealed =
        new AxonEnvelopes(serializer, EventUpcasters.chain(), JSON, Sealing.with(keys, RANDOM));
    double[] plainRates = new double[3];
    double[] sealedRates = new double[3];
    for (int round = 0; round < 4; round++) { // Round 0 warms up.
      double p = roundTrip(plain, events);
      double s = roundTrip(sealed, events);
      if (round > 0) {
        plainRates[round - 1] = p;
        sealedRates[round - 1] = s;
      }
    }
    double p = median(plainRates);
    double s = median(sealedRates);
    report.add("## The serializer");
    report.add("");
    report.add(
        "200,000 events of the event mix turned into envelopes and read back into contract"
            + " records, in this JVM, warmed, median of 3 rounds (keys in memory: no Kafka):");
    report.add("");
    report.add("| envelopes | events/s | ratio to plaintext |");
    report.add("|---|---:|---:|");
    report.add(String.format("| plaintext | %,.0f | 1.00 |", p));
    report.add(String.format("| sealed and opened | %,.0f | %.2f |", s, s / p));
    report.add("");
    json.put("serializer plaintext events/s", BenchSummary.round(p));
    json.put("serializer sealed events/s", BenchSummary.round(s));
  }

  private static double roundTrip(AxonEnvelopes envelopes, List<EventMix.Event> events) {
    long began = System.nanoTime();
    long checked = 0;
    for (EventMix.Event event : events) {
      var envelope =
          envelopes.toEnvelope(
              new GenericDomainEventMessage<>(
                  event.aggregateType(), event.aggregateId(), event.sequence(), event.payload()),
              event.guildId());
      checked += envelopes.toMessages(envelope).size();
    }
    assertThat(checked).isEqualTo(events.size());
    return events.size() / ((System.nanoTime() - began) / 1e9);
  }

  private static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    return sorted[sorted.length / 2];
  }

  /** Seeds the event mix; returns the seconds it took. */
  private static double seed(BenchCluster cluster) {
    long began = System.nanoTime();
    cluster.seed(new EventMix(42, GUILDS), EVENTS, event -> {});
    return (System.nanoTime() - began) / 1e9;
  }

  private static double rebuild(BenchCluster cluster, String name, Map<String, String> env)
      throws Exception {
    String database = "sealing_" + name;
    new JdbcTemplate(postgres.dataSource()).execute("CREATE DATABASE " + database);
    String url = postgres.jdbcUrl().replace("/postgres?", "/" + database + "?");
    CtlRebuild.Run run =
        CtlRebuild.run(
            cluster.bootstrapServers(),
            postgres,
            url,
            "1g",
            DIR.resolve("sealing-rebuild-" + name + ".log"),
            env);
    new JdbcTemplate(postgres.dataSource()).execute("DROP DATABASE " + database);
    return run.seconds();
  }

  /** Votes through POST /commands on a node without, then with, a master key. */
  private static void commands(BenchCluster cluster) throws Exception {
    report.add("## Commands");
    report.add("");
    report.add(
        "Votes (`VoteOnSuggestion`, 200 members on 24 suggestions, one per guild, cast and"
            + " withdrawn in turn) through `POST /commands`, batched transactions, "
            + CLIENTS
            + " clients, "
            + MEASURED.toSeconds()
            + " s measured after 10 s of warm-up, in which every member acts once (so the sealed"
            + " node has made their keys: the steady state). Each"
            + " node on a fresh database over the same log.");
    report.add("");
    report.add("| node | clients | commands/s | p50 ms | p99 ms | max ms | failures | load avg |");
    report.add("|---|---:|---:|---:|---:|---:|---|---:|");
    Map<String, CommandLoad.Result> results = new LinkedHashMap<>();
    for (String mode : List.of("plaintext", "sealed")) {
      Map<String, String> env = new HashMap<>();
      env.put("SUGGESTIONS_KAFKA_BOOTSTRAP_SERVERS", cluster.bootstrapServers());
      env.put("SUGGESTIONS_DATA_DIR", DIR.resolve("sealing-" + mode).toString());
      env.put("SUGGESTIONS_EMBEDDED_POSTGRES_PORT", String.valueOf(freePort()));
      env.put("SUGGESTIONS_API_TOKEN", TOKEN);
      env.put("SUGGESTIONS_SERVICES", "command,query");
      if (mode.equals("sealed")) {
        env.put("SUGGESTIONS_MASTER_KEY", MASTER);
      }
      BenchCluster.deleteRecursively(DIR.resolve("sealing-" + mode));
      PlatformProcess node =
          PlatformProcess.start(DIR.resolve("sealing-" + mode + ".log"), "1g", env);
      try {
        String baseUrl = node.awaitServing(Duration.ofMinutes(10));
        CommandLoad.Step votes = votes(baseUrl, mode);
        CommandLoad.Result result =
            CommandLoad.run(CLIENTS, Duration.ofSeconds(10), MEASURED, votes);
        results.put(mode, result);
        report.add("| " + mode + " |" + result.row().substring(1));
        assertThat(result.failures()).isEmpty();
      } finally {
        node.stop();
      }
    }
    double ratio =
        results.get("sealed").commandsPerSecond() / results.get("plaintext").commandsPerSecond();
    report.add("");
    report.add(String.format("Sealed against plaintext: %.2f of the commands/s.", ratio));
    report.add("");
    json.put(
        "votes through POST /commands",
        Map.of(
            "plaintext", BenchSummary.of(results.get("plaintext")),
            "sealed", BenchSummary.of(results.get("sealed")),
            "ratio", BenchSummary.round(ratio)));
  }

  /** Sets up 24 guilds with a suggestion each, then votes by 1,000 members in turn. */
  private static CommandLoad.Step votes(String baseUrl, String mode) throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    List<String> guilds = new ArrayList<>();
    List<String> suggestions = new ArrayList<>();
    long base = mode.equals("sealed") ? 810_000_000_000_000_000L : 800_000_000_000_000_000L;
    for (int g = 0; g < 24; g++) {
      String guild = String.valueOf(base + g);
      post(
          http,
          baseUrl,
          """
          {"type":"SetGuildChannel","guildId":"%s",
           "payload":{"guildId":"%s","channel":"SUGGESTIONS","channelId":"%s"},
           "actor":{"userId":"1","permissions":8,"roleIds":[]},"locale":"en-GB"}
          """
              .formatted(guild, guild, guild));
      JsonNode reply =
          post(
              http,
              baseUrl,
              """
              {"type":"SubmitSuggestion","guildId":"%s",
               "payload":{"guildId":"%s","text":"Benchmark idea %d","anonymous":false},
               "actor":{"userId":"2","permissions":0,"roleIds":[]},"locale":"en-GB"}
              """
                  .formatted(guild, guild, g));
      guilds.add(guild);
      suggestions.add(reply.path("result").path("suggestionId").asText());
    }
    URI commands = URI.create(baseUrl + "/commands");
    return n -> {
      int g = Math.floorMod(n, guilds.size());
      // 200 members, all of whom act (and have their key made) within the warm-up.
      String member = String.valueOf(base + 1_000 + Math.floorMod(n, 200));
      String body =
          """
          {"type":"VoteOnSuggestion","guildId":"%s",
           "payload":{"guildId":"%s","suggestionId":"%s","direction":"UP"},
           "actor":{"userId":"%s","permissions":0,"roleIds":[]},"locale":"en-GB"}
          """
              .formatted(guilds.get(g), guilds.get(g), suggestions.get(g), member);
      int status =
          http.send(request(commands, body), HttpResponse.BodyHandlers.discarding()).statusCode();
      return status == 200 ? null : "HTTP " + status;
    };
  }

  private static JsonNode post(HttpClient http, String baseUrl, String body) throws Exception {
    HttpResponse<String> response =
        http.send(
            request(URI.create(baseUrl + "/commands"), body), HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    JsonNode reply = JSON.readTree(response.body());
    assertThat(reply.path("accepted").asBoolean()).as(response.body()).isTrue();
    return reply;
  }

  private static HttpRequest request(URI uri, String body) {
    return HttpRequest.newBuilder(uri)
        .header("Authorization", "Bearer " + TOKEN)
        .header("Idempotency-Key", "bench-" + UUID.randomUUID())
        .header("Content-Type", "application/json")
        .timeout(Duration.ofSeconds(30))
        .POST(HttpRequest.BodyPublishers.ofString(body))
        .build();
  }

  private static int freePort() throws Exception {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
