package gg.suggestions.deploy.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import gg.suggestions.eventstore.envelope.EnvelopeCodec;
import gg.suggestions.eventstore.topic.SuggestionTopics;
import gg.suggestions.query.cli.Suggestionsctl;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The old bot's data, imported into a running platform through its command service: a hand-made
 * dump with the legacy quirks (a member in both vote lists, reaction-era counts, an ObjectId queue
 * id, both guild keys of locale tracking, naive times, a malformed document, a suggestion with more
 * voters than one command holds) lands with its ids, times and counts; the query API shows it;
 * {@code verify} finds the projections equal to a replay; a second run writes nothing; a guild with
 * history here is refused until the operator merges it.
 */
class LegacyImportIT {

  private static final String TOKEN = "it-token-" + UUID.randomUUID();
  private static final ObjectMapper JSON = EnvelopeCodec.defaultMapper();
  private static final String GUILD = "601219766258106399";
  private static final String OTHER_GUILD = "601219766258106400";
  private static final String NATIVE_GUILD = "601219766258106401";
  private static final String SUGGESTIONS_CHANNEL = "701219766258106399";
  private static final String OPERATOR = "223456789012345678";
  private static final String BLOCKED = "323456789012345670";
  private static final long MEMBER = 323_456_789_012_345_678L;
  private static final String U1 = Long.toString(MEMBER + 1);
  private static final String U2 = Long.toString(MEMBER + 2);
  private static final String U3 = Long.toString(MEMBER + 3);
  private static final String U4 = Long.toString(MEMBER + 4);

  private static RunningPlatform platform;
  private static String baseUrl;

  @BeforeAll
  static void startPlatform() throws Exception {
    platform = PlatformHttp.start(TOKEN);
    baseUrl = PlatformHttp.baseUrl(platform);
  }

  @AfterAll
  static void stopPlatform() {
    platform.close();
  }

  @Test
  void theOldBotsDataComesInOnceWithItsIdsTimesAndCounts() throws Exception {
    // A guild that already lives here.
    assertThat(PlatformHttp.toggle(baseUrl, TOKEN, NATIVE_GUILD, true).statusCode()).isEqualTo(200);
    Path dump = writeDump();

    Run first = importing(dump);

    assertThat(first.exit()).as(first.text()).isZero();
    assertThat(accounted(first.out())).as(first.out()).isTrue();
    assertThat(figures(first.out(), "suggestions")).as(first.out()).containsExactly(7L, 5L, 2L);
    assertThat(first.out())
        .contains("suggestions: skipped 1: malformed: _id is not an 8-character id")
        .contains(
            "suggestions: skipped 1: refused: The guild already has history here;"
                + " import it with --merge")
        .contains("suggestions: noted 1: members in both vote lists: neither vote kept")
        .contains("suggestions: noted 9: reaction-era votes kept as counts only");
    assertThat(figures(first.out(), "queued_suggestions")).containsExactly(3L, 3L, 0L);
    assertThat(figures(first.out(), "user_configs")).containsExactly(2L, 2L, 0L);
    assertThat(figures(first.out(), "member_stats")).containsExactly(1L, 1L, 0L);
    assertThat(figures(first.out(), "locale_tracking")).containsExactly(3L, 3L, 0L);
    assertThat(figures(first.out(), "interaction_create_stats")).containsExactly(1L, 0L, 1L);

    // The query API shows the old suggestions with their states and counts.
    JsonNode pending = awaitSuggestion(GUILD, "aaaa0001");
    assertThat(pending.path("state").asText()).isEqualTo("PENDING");
    assertThat(pending.path("upVotes").asInt()).as("U1 voted both ways: neither kept").isEqualTo(2);
    assertThat(pending.path("downVotes").asInt()).isEqualTo(1);
    assertThat(pending.path("submission").path("submittedAt").asText())
        .as("12:00 on the Berlin host in summer")
        .isEqualTo("2025-06-01T10:00:00Z");
    await()
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(
            () ->
                assertThat(awaitSuggestion(GUILD, "aaaa0002").path("upVotes").asInt())
                    .as("300 voters: more than one command holds")
                    .isEqualTo(300));
    JsonNode approved = awaitSuggestion(GUILD, "aaaa0002");
    assertThat(approved.path("state").asText()).isEqualTo("APPROVED");
    assertThat(approved.path("note").path("text").asText()).isEqualTo("Needs slow mode");
    assertThat(approved.path("resolution").path("response").asText()).isEqualTo("Done");
    assertThat(approved.path("resolution").path("moderatorId").asText()).isEqualTo(U4);
    JsonNode reactions = awaitSuggestion(GUILD, "aaaa0003");
    assertThat(reactions.path("state").asText()).isEqualTo("REJECTED");
    assertThat(reactions.path("upVotes").asInt()).isEqualTo(7);
    assertThat(reactions.path("downVotes").asInt()).isEqualTo(2);
    assertThat(awaitSuggestion(GUILD, "aaaa0004").path("state").asText()).isEqualTo("CLEARED");
    assertThat(awaitSuggestion(OTHER_GUILD, "bbbb0001").path("state").asText())
        .isEqualTo("PENDING");
    assertThat(get("/guilds/" + NATIVE_GUILD + "/suggestions/nnnn0001").statusCode())
        .isEqualTo(404);

    HttpResponse<String> queued = get("/guilds/" + GUILD + "/queue/6500e5a0a1b2c3d4e5f60711");
    assertThat(queued.statusCode()).as(queued.body()).isEqualTo(200);
    assertThat(queued.body()).contains("APPROVED").contains("aaaa0002");
    HttpResponse<String> config = get("/guilds/" + GUILD + "/config");
    assertThat(config.body()).contains(SUGGESTIONS_CHANNEL).contains(BLOCKED);
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                assertThat(get("/guilds/" + GUILD + "/members/" + U2 + "/stats").body())
                    .contains("\"command\":\"suggest\"")
                    .contains("\"succeeded\":2")
                    .contains("\"failed\":1"));
    assertThat(get("/guilds/" + GUILD + "/stats/locales?from=2023-12-01&to=2024-01-31").body())
        .contains("\"locale\":\"da\"")
        .contains("LegacyCommand");
    assertThat(get("/usage/hourly?from=2024-01-01T00:00:00Z&to=2025-12-31T00:00:00Z").body())
        .as("the old statistics are not this platform's usage")
        .doesNotContain("\"interactions\":");

    // The projections equal a replay of the log.
    Run verify = ctl("verify", "--all");
    assertThat(verify.exit()).as(verify.text()).isZero();

    // Again: nothing new on the log.
    Map<TopicPartition, Long> before = eventEnds();
    Run second = importing(dump);
    assertThat(second.exit()).as(second.text()).isZero();
    assertThat(eventEnds()).isEqualTo(before);
    assertThat(figures(second.out(), "suggestions")).containsExactly(7L, 5L, 2L);

    // Merged: the native guild's suggestion comes in beside its own history; the rest is there.
    Run merged = importing(dump, "--merge");
    assertThat(merged.exit()).as(merged.text()).isZero();
    assertThat(figures(merged.out(), "suggestions")).containsExactly(7L, 6L, 1L);
    assertThat(merged.out())
        .contains("suggestions: noted 5: already on the log from an earlier import");
    assertThat(awaitSuggestion(NATIVE_GUILD, "nnnn0001").path("state").asText())
        .isEqualTo("PENDING");
  }

  private static Path writeDump() throws Exception {
    Path dump = Path.of("target", "it-data", "legacy-" + UUID.randomUUID());
    Files.createDirectories(dump);
    lines(
        dump,
        "guild_configs",
        "{\"_id\": %s, \"suggestions_channel_id\": %s, \"keep_logs\": true, \"blocked_users\": [%s],"
                .formatted(GUILD, SUGGESTIONS_CHANNEL, BLOCKED)
            + " \"unknown_extra\": 1}");
    lines(
        dump,
        "user_configs",
        "{\"_id\": %s, \"dm_messages_disabled\": true}".formatted(U2),
        "{\"_id\": %s}".formatted(U3));
    List<String> many = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      many.add(Long.toString(MEMBER + 1000 + i));
    }
    lines(
        dump,
        "suggestions",
        suggestion(
            GUILD,
            "aaaa0001",
            "pending",
            "\"up_voted_by\": [%s, %s, %s], \"down_voted_by\": [%s, %s]"
                .formatted(U1, U2, U3, U4, U1)),
        suggestion(
            GUILD,
            "aaaa0002",
            "approved",
            "\"up_voted_by\": ["
                + String.join(", ", many)
                + "], \"resolved_by\": "
                + U4
                + ", \"resolution_note\": \"Done\", \"resolved_at\": {\"$date\":"
                + " \"2025-06-02T09:00:00Z\"}, \"note\": \"Needs slow mode\", \"note_added_by\": "
                + U4),
        suggestion(
            GUILD,
            "aaaa0003",
            "rejected",
            "\"uses_views_for_votes\": false, \"total_up_votes\": 7, \"total_down_votes\": 2,"
                + " \"resolved_by\": "
                + U4),
        suggestion(GUILD, "aaaa0004", "cleared", "\"resolved_by\": " + U4),
        suggestion(GUILD, "BAD!", "pending", "\"up_voted_by\": []"),
        suggestion(OTHER_GUILD, "bbbb0001", "pending", "\"up_voted_by\": [%s]".formatted(U2)),
        suggestion(NATIVE_GUILD, "nnnn0001", "pending", "\"up_voted_by\": []"));
    lines(
        dump,
        "queued_suggestions",
        queued("\"qqqq0001\"", "\"still_in_queue\": true"),
        queued(
            "{\"$oid\": \"6500e5a0a1b2c3d4e5f60711\"}",
            "\"still_in_queue\": false, \"resolved_by\": %s, \"related_suggestion_id\": \"aaaa0002\""
                .formatted(U4)),
        queued("\"qqqq0003\"", "\"still_in_queue\": false, \"resolved_by\": %s".formatted(U4)));
    lines(
        dump,
        "locale_tracking",
        "{\"_id\": {\"$oid\": \"6590e5a0a1b2c3d4e5f60701\"}, \"locale\": \"da\", \"user_id\": %s,"
                .formatted(U2)
            + " \"interaction.guild.id\": %s}".formatted(GUILD),
        "{\"_id\": {\"$oid\": \"6580e5a0a1b2c3d4e5f60702\"}, \"locale\": \"da\", \"user_id\": %s,"
                .formatted(U3)
            + " \"guild_id\": %s}".formatted(GUILD),
        "{\"_id\": {\"$oid\": \"6580e5a0a1b2c3d4e5f60703\"}, \"locale\": \"en-GB\", \"user_id\": %s}"
            .formatted(U3));
    lines(
        dump,
        "member_stats",
        ("{\"_id\": {\"$oid\": \"6580e5a0a1b2c3d4e5f60704\"}, \"member_id\": %s, \"guild_id\": %s,"
                + " \"commands\": {\"suggest\": {\"completed_at\": [{\"$date\":"
                + " \"2024-03-01T10:00:00Z\"}, {\"$date\": \"2024-03-02T10:00:00Z\"}],"
                + " \"failed_at\": [{\"$date\": \"2024-03-03T10:00:00Z\"}]}}}")
            .formatted(U2, GUILD));
    lines(
        dump,
        "interaction_create_stats",
        "{\"_id\": {\"$oid\": \"6500e5a0a1b2c3d4e5f60722\"}, \"count\": 1200, \"inserted_at\":"
            + " {\"$date\": \"2024-01-01T10:59:59Z\"}, \"cluster\": \"1\"}");
    lines(dump, "error_tracking", "{\"_id\": \"err00001\", \"error\": \"x\"}");
    return dump;
  }

  private static String suggestion(String guild, String id, String state, String more) {
    boolean buttons = !more.contains("uses_views_for_votes");
    return ("{\"_id\": \"%s\", \"guild_id\": %s, \"suggestion\": \"Idea %s\","
            + " \"suggestion_author_id\": %s, \"created_at\": {\"$date\": \"2025-06-01T12:00:00Z\"},"
            + " \"state\": \"%s\", %s\"message_id\": 1085123456789012345, \"channel_id\": %s, %s}")
        .formatted(
            id,
            guild,
            id,
            U1,
            state,
            buttons ? "\"uses_views_for_votes\": true, " : "",
            SUGGESTIONS_CHANNEL,
            more);
  }

  private static String queued(String id, String more) {
    return ("{\"_id\": %s, \"guild_id\": %s, \"suggestion\": \"Queued idea\","
            + " \"suggestion_author_id\": %s, \"created_at\": {\"$date\": \"2025-05-01T12:00:00Z\"},"
            + " \"channel_id\": null, %s}")
        .formatted(id, GUILD, U3, more);
  }

  private static void lines(Path dump, String collection, String... documents) throws Exception {
    Files.writeString(dump.resolve(collection + ".json"), String.join("\n", documents) + "\n");
  }

  private static JsonNode awaitSuggestion(String guild, String sid) throws Exception {
    String path = "/guilds/" + guild + "/suggestions/" + sid;
    await().atMost(Duration.ofSeconds(60)).until(() -> get(path).statusCode() == 200);
    return JSON.readTree(get(path).body());
  }

  private static HttpResponse<String> get(String path) throws Exception {
    return PlatformHttp.get(baseUrl, TOKEN, path);
  }

  /** The "all" line says read = imported + skipped. */
  private static boolean accounted(String report) {
    Matcher all =
        Pattern.compile("(?m)^all\\s+([\\d,]+)\\s+([\\d,]+)\\s+([\\d,]+)").matcher(report);
    return all.find() && number(all.group(1)) == number(all.group(2)) + number(all.group(3));
  }

  /** A collection's read, imported and skipped. */
  private static List<Long> figures(String report, String collection) {
    Matcher line =
        Pattern.compile("(?m)^" + collection + "\\s+([\\d,]+)\\s+([\\d,]+)\\s+([\\d,]+)")
            .matcher(report);
    assertThat(line.find()).as(report).isTrue();
    return List.of(number(line.group(1)), number(line.group(2)), number(line.group(3)));
  }

  private static long number(String text) {
    return Long.parseLong(text.replace(",", ""));
  }

  private record Run(int exit, String out, String err) {
    String text() {
      return out + err;
    }
  }

  private static Run importing(Path dump, String... more) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "import",
                "legacy",
                "--dump=" + dump,
                "--zone=Europe/Berlin",
                "--actor=" + OPERATOR,
                "--timeout-seconds=60"));
    args.addAll(List.of(more));
    return ctl(args.toArray(String[]::new));
  }

  private static Run ctl(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    List<String> all = new ArrayList<>(List.of(args));
    all.add("--bootstrap-servers=" + platform.bootstrapServers());
    if (args[0].equals("verify")) {
      all.add(
          "--db-url=" + platform.context().getEnvironment().getProperty("spring.datasource.url"));
      all.add(
          "--db-user="
              + platform.context().getEnvironment().getProperty("spring.datasource.username"));
    }
    int exit =
        Suggestionsctl.run(
            new PrintWriter(out, true), new PrintWriter(err, true), all.toArray(String[]::new));
    return new Run(exit, out.toString(), err.toString());
  }

  private static Map<TopicPartition, Long> eventEnds() {
    try (var consumer =
        new KafkaConsumer<>(
            Map.<String, Object>of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, platform.bootstrapServers()),
            new ByteArrayDeserializer(),
            new ByteArrayDeserializer())) {
      var partitions =
          consumer.partitionsFor(SuggestionTopics.EVENTS).stream()
              .map(p -> new TopicPartition(p.topic(), p.partition()))
              .collect(Collectors.toList());
      return consumer.endOffsets(partitions);
    }
  }
}
