package gg.suggestions.deploy.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import gg.suggestions.eventstore.contract.Actor;
import gg.suggestions.eventstore.contract.guildconfig.BlockMember;
import gg.suggestions.eventstore.contract.guildconfig.GuildChannel;
import gg.suggestions.eventstore.contract.guildconfig.SetGuildChannel;
import gg.suggestions.eventstore.contract.suggestion.AddSuggestionNote;
import gg.suggestions.eventstore.contract.suggestion.SubmitSuggestion;
import gg.suggestions.eventstore.contract.suggestion.VoteDirection;
import gg.suggestions.eventstore.contract.suggestion.VoteOnSuggestion;
import gg.suggestions.eventstore.contract.userconfig.ForgetMember;
import gg.suggestions.eventstore.envelope.EnvelopeCodec;
import gg.suggestions.eventstore.privacy.Sealing;
import gg.suggestions.eventstore.topic.SuggestionTopics;
import gg.suggestions.query.cli.Suggestionsctl;
import gg.suggestions.testing.RawTopics;
import gg.suggestions.testing.TestCommands;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Personal data on the running platform (its embedded default, whose first start makes a master
 * key): a member's suggestion, a moderator's note and the member's vote reach the query API in
 * plaintext, while every copy of the events (the event topic read raw, the command replica in
 * PostgreSQL) holds only ciphertext; the member's key is in the key topic. Prints where plaintext
 * remains, which docs/privacy.md accounts for.
 */
class PrivacyIT {

  private static final String TOKEN = "it-token-" + UUID.randomUUID();
  private static final String GUILD = "774512099823452190";
  private static final ObjectMapper JSON = EnvelopeCodec.defaultMapper();

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
  void aMembersTextsAndIdAreCiphertextOnTheLogAndInTheReplicaYetReadableThroughTheApi()
      throws Exception {
    var random = java.util.concurrent.ThreadLocalRandom.current();
    String member = String.valueOf(880_000_000_000_000_000L + random.nextLong(1_000_000_000_000L));
    String moderatorId =
        String.valueOf(770_000_000_000_000_000L + random.nextLong(1_000_000_000_000L));
    Actor author = new Actor(member, 0, List.of());
    Actor moderator = new Actor(moderatorId, Actor.ADMINISTRATOR, List.of());
    String text = "Secret idea " + UUID.randomUUID();
    String note = "Private note " + UUID.randomUUID();
    send(new SetGuildChannel(GUILD, GuildChannel.SUGGESTIONS, GUILD), TestCommands.ADMIN);
    String sid =
        send(new SubmitSuggestion(GUILD, text, null, false), author)
            .path("result")
            .path("suggestionId")
            .asText();
    send(new AddSuggestionNote(GUILD, sid, note), moderator);
    long written =
        send(new VoteOnSuggestion(GUILD, sid, VoteDirection.UP), author)
            .path("sequences")
            .path(GUILD + "/" + sid)
            .asLong();

    send(new BlockMember(GUILD, member, null), moderator);
    HttpResponse<String> shown =
        PlatformHttp.get(
            baseUrl, TOKEN, "/guilds/" + GUILD + "/suggestions/" + sid + "?atLeast=" + written);
    assertThat(shown.statusCode()).as(shown.body()).isEqualTo(200);
    JsonNode suggestion = JSON.readTree(shown.body());
    assertThat(suggestion.path("submission").path("text").asText()).isEqualTo(text);
    assertThat(suggestion.path("submission").path("authorId").asText()).isEqualTo(member);
    assertThat(suggestion.path("upVotes").asInt()).isEqualTo(1);

    JdbcTemplate db = new JdbcTemplate(platform.context().getBean(DataSource.class));
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                db.queryForObject(
                        "SELECT count(*) FROM cmd.domain_event_entry WHERE aggregate_identifier = ?",
                        Long.class,
                        GUILD + "/" + sid)
                    >= 3);
    Map<String, long[]> before = search(db, text, note, member);
    print("before forgetting", before);
    assertThat(before.get("topic " + SuggestionTopics.EVENTS)).containsExactly(0, 0, 0);
    assertThat(before.get("PostgreSQL cmd (command replica)")).containsExactly(0, 0, 0);
    assertThat(before.get("topic " + SuggestionTopics.KEYS))
        .as("one key record, keyed by the member, holding no text")
        .containsExactly(0, 0, 1);
    assertThat(before.get("PostgreSQL p_suggestions")).containsExactly(1, 1, 2);
    assertThat(before.get("PostgreSQL p_guild_config"))
        .as("the blocklist")
        .containsExactly(0, 0, 1);
    assertThat(before.get("topic " + SuggestionTopics.INTERACTIONS)).containsExactly(0, 0, 0);

    // The member asks to be forgotten (an operator sends the same command on their behalf).
    HttpResponse<String> forgetting =
        PlatformHttp.command(baseUrl, TOKEN, null, new ForgetMember(member), author);
    assertThat(forgetting.statusCode()).as(forgetting.body()).isEqualTo(200);

    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                assertThat(suggestion(sid).path("submission").path("text").asText())
                    .isEqualTo(Sealing.REMOVED));
    JsonNode scrubbed = suggestion(sid);
    assertThat(scrubbed.path("submission").path("authorId").asText())
        .startsWith(Sealing.PSEUDONYM_PREFIX);
    assertThat(scrubbed.path("upVotes").asInt()).as("the vote still counts").isEqualTo(1);
    assertThat(scrubbed.toString()).as("the moderator's note is theirs").contains(note);
    StringWriter out = new StringWriter();
    int verify =
        Suggestionsctl.run(
            new PrintWriter(out, true),
            new PrintWriter(out, true),
            "verify",
            "--all",
            "--bootstrap-servers=" + platform.bootstrapServers(),
            "--db-url=" + platform.context().getEnvironment().getProperty("spring.datasource.url"),
            "--db-user="
                + platform.context().getEnvironment().getProperty("spring.datasource.username"));
    assertThat(verify)
        .as(
            "a rebuild equals the scrubbed projections:%n%s%nlive member stats: %s",
            out, db.queryForList("SELECT * FROM p_member_stats.member_stat"))
        .isZero();

    // An operator repeating the request with suggestionsctl: the same keys, nothing new.
    StringWriter again = new StringWriter();
    String servers = "--bootstrap-servers=" + platform.bootstrapServers();
    assertThat(
            Suggestionsctl.run(
                new PrintWriter(again, true),
                new PrintWriter(again, true),
                "forget",
                "--user=" + member,
                servers))
        .as(again.toString())
        .isZero();
    assertThat(again.toString()).contains("forgotten: 1 data key(s) destroyed");
    assertThat(
            Suggestionsctl.run(
                new PrintWriter(new StringWriter(), true),
                new PrintWriter(new StringWriter(), true),
                "forget",
                "--user=12a",
                servers))
        .isEqualTo(2);

    forceCompactionOfTheKeyTopic();
    await()
        .atMost(Duration.ofSeconds(120))
        .pollInterval(Duration.ofSeconds(1))
        .until(
            () -> {
              // A new member's first suggestion writes their key: the key topic's segment rolls,
              // so the cleaner has one to compact.
              Actor newcomer =
                  new Actor(
                      String.valueOf(660_000_000_000_000_000L + random.nextLong(1_000_000_000L)),
                      0,
                      List.of());
              send(new SubmitSuggestion(GUILD, "filler", null, false), newcomer);
              return rawRecordsContaining(SuggestionTopics.KEYS, member) == 0;
            });
    Map<String, long[]> after = search(db, text, note, member);
    print("after forgetting and compaction", after);
    assertThat(after.get("topic " + SuggestionTopics.EVENTS)).containsExactly(0, 0, 0);
    assertThat(after.get("topic " + SuggestionTopics.KEYS)).containsExactly(0, 0, 0);
    assertThat(after.get("topic " + SuggestionTopics.INTERACTIONS)).containsExactly(0, 0, 0);
    assertThat(after.get("PostgreSQL p_member_stats")).containsExactly(0, 0, 0);
    assertThat(after.get("PostgreSQL p_guild_config")).containsExactly(0, 0, 0);
    assertThat(after.get("PostgreSQL cmd (command replica)")).containsExactly(0, 0, 0);
    assertThat(after.get("PostgreSQL p_suggestions")).containsExactly(0, 1, 0);
  }

  /** Records or rows holding the text, the note, the member's id, everywhere the platform keeps. */
  private static Map<String, long[]> search(
      JdbcTemplate db, String text, String note, String member) {
    Map<String, long[]> hits = new LinkedHashMap<>();
    for (String topic :
        List.of(
            SuggestionTopics.EVENTS,
            SuggestionTopics.KEYS,
            SuggestionTopics.INTERACTIONS,
            SuggestionTopics.COMMANDS,
            SuggestionTopics.REPLIES)) {
      hits.put(
          "topic " + topic,
          new long[] {
            rawRecordsContaining(topic, text),
            rawRecordsContaining(topic, note),
            rawRecordsContaining(topic, member)
          });
    }
    List<String> schemas =
        db.queryForList(
            "SELECT nspname FROM pg_namespace WHERE nspname = 'cmd' OR nspname LIKE 'p\\_%'"
                + " ORDER BY nspname",
            String.class);
    for (String schema : schemas) {
      String name = schema.equals("cmd") ? "cmd (command replica)" : schema;
      hits.put(
          "PostgreSQL " + name,
          new long[] {
            rowsContaining(db, schema, text),
            rowsContaining(db, schema, note),
            rowsContaining(db, schema, member)
          });
    }
    return hits;
  }

  private static void print(String when, Map<String, long[]> hits) {
    System.out.println(
        "Records or rows holding the text / the note / the member's id, " + when + ":");
    hits.forEach((where, n) -> System.out.println("  " + where + ": " + Arrays.toString(n)));
  }

  private JsonNode suggestion(String sid) throws Exception {
    HttpResponse<String> shown =
        PlatformHttp.get(baseUrl, TOKEN, "/guilds/" + GUILD + "/suggestions/" + sid);
    assertThat(shown.statusCode()).as(shown.body()).isEqualTo(200);
    return JSON.readTree(shown.body());
  }

  /** Every row of every table of {@code schema}, as text (bytea as its UTF-8 text), searched. */
  private static long rowsContaining(JdbcTemplate db, String schema, String needle) {
    long hits = 0;
    for (String table :
        db.queryForList(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = ?"
                + " AND table_type = 'BASE TABLE'",
            String.class,
            schema)) {
      List<String> columns =
          db.queryForList(
              "SELECT CASE WHEN data_type = 'bytea' THEN 'convert_from(' || quote_ident(column_name)"
                  + " || ', ''UTF8'')' ELSE quote_ident(column_name) || '::text' END FROM"
                  + " information_schema.columns WHERE table_schema = ? AND table_name = ?",
              String.class,
              schema,
              table);
      long found =
          db.queryForObject(
              "SELECT count(*) FROM "
                  + schema
                  + "."
                  + table
                  + " WHERE position(? in concat_ws('|', "
                  + String.join(", ", columns)
                  + ")) > 0",
              Long.class,
              needle);
      if (found > 0) {
        System.out.println("    " + found + " in " + schema + "." + table);
      }
      hits += found;
    }
    return hits;
  }

  private static void forceCompactionOfTheKeyTopic() throws Exception {
    try (Admin admin =
        Admin.create(
            Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, platform.bootstrapServers()))) {
      RawTopics.forceCompaction(admin, SuggestionTopics.KEYS);
    }
  }

  private static JsonNode send(Object command, Actor actor) throws Exception {
    HttpResponse<String> response = PlatformHttp.command(baseUrl, TOKEN, GUILD, command, actor);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    JsonNode reply = JSON.readTree(response.body());
    assertThat(reply.path("accepted").asBoolean()).as(response.body()).isTrue();
    return reply;
  }

  private static long rawRecordsContaining(String topic, String needle) {
    return RawTopics.recordsContaining(platform.bootstrapServers(), topic, needle);
  }
}
