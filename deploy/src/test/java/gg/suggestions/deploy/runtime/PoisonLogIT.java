package gg.suggestions.deploy.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import gg.suggestions.eventstore.envelope.CommandEnvelope;
import gg.suggestions.eventstore.envelope.EnvelopeCodec;
import gg.suggestions.eventstore.topic.SuggestionTopics;
import gg.suggestions.testing.HostileRecords;
import gg.suggestions.testing.TestCommands;
import gg.suggestions.testing.TopicReader;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/**
 * The story of the issue that made readers tolerant: records no reader can store land in the log
 * (from an older version, or from any producer that bypasses the boundaries), and the platform must
 * keep serving, and must serve again after a restart, however often the log is replayed.
 */
class PoisonLogIT {

  private static final String TOKEN = "it-token-" + UUID.randomUUID();
  private static final String GUILD = "774512099823452171";
  private static final ObjectMapper JSON = EnvelopeCodec.defaultMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @Test
  void hostileRecordsOnEveryTopicNeverStopThePlatformNorItsRestart() throws Exception {
    long seed = HostileRecords.seed();
    String context = "seed " + seed + " (-D" + HostileRecords.SEED + "=" + seed + ")";
    Path dataDir = Path.of("target", "it-data", UUID.randomUUID().toString());
    LaunchSettings settings = EmbeddedPlatformIT.settings(dataDir);

    try (RunningPlatform platform = start(settings)) {
      String baseUrl = baseUrl(platform);
      assertThat(toggle(baseUrl, true).statusCode()).as(context).isEqualTo(200);

      poisonEveryTopic(platform.bootstrapServers(), new Random(seed));

      awaitReady(baseUrl, context);
      assertThat(toggle(baseUrl, false).statusCode()).as(context).isEqualTo(200);
      awaitKeepLogs(baseUrl, false, context);
    }

    try (RunningPlatform restarted = start(settings)) {
      String baseUrl = baseUrl(restarted);

      awaitReady(baseUrl, context);
      assertThat(toggle(baseUrl, true).statusCode()).as(context).isEqualTo(200);
      awaitKeepLogs(baseUrl, true, context);
    }
  }

  /**
   * Hostile variants of a real event and a real interaction, and commands with the guild ids that
   * once wedged a partition, each on the partition of the guild that the test keeps using.
   */
  private static void poisonEveryTopic(String servers, Random random) throws Exception {
    int partition = partitionOf(servers, SuggestionTopics.EVENTS);
    HostileRecords.produce(
        servers,
        SuggestionTopics.EVENTS,
        partition,
        HostileRecords.of(firstValue(servers, SuggestionTopics.EVENTS), "aggregateId", random));
    HostileRecords.produce(
        servers,
        SuggestionTopics.INTERACTIONS,
        partition,
        HostileRecords.of(firstValue(servers, SuggestionTopics.INTERACTIONS), "commandId", random));
    try (var gateway = TestCommands.gateway(servers)) {
      for (String guild : List.of("1" + "0".repeat(299), "7745\u00001209", "' OR '1'='1")) {
        CommandEnvelope command =
            TestCommands.setToggle(
                "poison-" + UUID.randomUUID(), guild, "KEEP_LOGS", true, TestCommands.ADMIN, "x");
        gateway.send(TestCommands.record(command)).get();
      }
    }
  }

  private static int partitionOf(String servers, String topic) {
    return TopicReader.readCommitted(servers, topic).stream()
        .filter(r -> GUILD.equals(r.key()))
        .map(ConsumerRecord::partition)
        .findFirst()
        .orElseThrow();
  }

  private static byte[] firstValue(String servers, String topic) {
    return TopicReader.readCommitted(servers, topic).stream()
        .filter(r -> GUILD.equals(r.key()))
        .findFirst()
        .orElseThrow()
        .value()
        .getBytes(StandardCharsets.UTF_8);
  }

  private static RunningPlatform start(LaunchSettings settings) throws StartupProblem {
    return Platform.start(settings, "--suggestions.api.token=" + TOKEN);
  }

  private static String baseUrl(RunningPlatform platform) {
    return PlatformHttp.baseUrl(platform);
  }

  private static void awaitReady(String baseUrl, String context) {
    await(context)
        .atMost(Duration.ofSeconds(90))
        .ignoreExceptions()
        .until(() -> get(baseUrl, "/actuator/health/readiness").statusCode() == 200);
  }

  private static void awaitKeepLogs(String baseUrl, boolean expected, String context) {
    await(context)
        .atMost(Duration.ofSeconds(30))
        .ignoreExceptions()
        .until(
            () -> {
              JsonNode config = JSON.readTree(get(baseUrl, "/guilds/" + GUILD + "/config").body());
              return config.toString().contains("\"keepLogs\":" + expected)
                  || config.path("toggles").path("KEEP_LOGS").asBoolean(!expected) == expected;
            });
  }

  private static HttpResponse<String> toggle(String baseUrl, boolean enabled) throws Exception {
    return PlatformHttp.toggle(baseUrl, TOKEN, GUILD, enabled);
  }

  private static HttpResponse<String> get(String baseUrl, String path) throws Exception {
    return PlatformHttp.get(baseUrl, TOKEN, path);
  }
}
