package gg.suggestions.query.legacy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.bson.BsonArray;
import org.bson.BsonBoolean;
import org.bson.BsonDateTime;
import org.bson.BsonDocument;
import org.bson.BsonDouble;
import org.bson.BsonInt32;
import org.bson.BsonInt64;
import org.bson.BsonNull;
import org.bson.BsonObjectId;
import org.bson.BsonString;
import org.bson.BsonValue;
import org.bson.RawBsonDocument;
import org.bson.codecs.BsonDocumentCodec;
import org.bson.types.ObjectId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A hand-made dump that uses every quirk of the old data, as mongodump (BSON) and mongoexport
 * (Extended JSON) leave it: every document is accounted for, read = imported + skipped, each
 * skipped one with its reason.
 */
class LegacyImportTest {

  private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

  @TempDir Path dump;

  @Test
  void everyDocumentIsImportedOrSkippedWithItsReason() throws Exception {
    // suggestions, as mongodump writes them, with a broken document and a truncated tail
    ByteArrayOutputStream bson = new ByteArrayOutputStream();
    for (String json :
        List.of(
            // pending, button votes, a member in both lists (neither vote kept)
            "{_id: 'abcd1234', guild_id: {$numberLong: '601219766258106399'}, suggestion: 'Music',"
                + " suggestion_author_id: {$numberLong: '223456789012345678'}, created_at: {$date:"
                + " '2025-06-01T12:00:00Z'}, state: 'pending', uses_views_for_votes: true,"
                + " is_anonymous: false, up_voted_by: [{$numberLong: '300000000000000001'},"
                + " {$numberLong: '300000000000000002'}], down_voted_by: [{$numberLong:"
                + " '300000000000000002'}], note: 'old note, removed but never unset'}",
            // approved, reaction era: counts only; ids stored as digits
            "{_id: 'efgh5678', guild_id: '601219766258106399', suggestion: 'Voice',"
                + " suggestion_author_id: '223456789012345678', created_at: {$date:"
                + " '2021-01-01T00:00:00Z'}, state: 'approved', uses_views_for_votes: false,"
                + " total_up_votes: 7, total_down_votes: 2, resolved_by: {$numberLong:"
                + " '323456789012345678'}, resolution_note: 'yes', resolved_at: {$date:"
                + " '2021-01-02T00:00:00Z'}, anonymous_resolution: null}",
            "{_id: 'ijkl9012', guild_id: 1, suggestion: 'x', suggestion_author_id: 2, created_at:"
                + " {$date: '2021-01-01T00:00:00Z'}, state: 'weird'}",
            "{_id: 'ABC', guild_id: 1, suggestion: 'x', suggestion_author_id: 2, created_at: {$date:"
                + " '2021-01-01T00:00:00Z'}, state: 'pending'}",
            "{_id: 'mnop3456', suggestion: 'no guild', suggestion_author_id: 2, created_at: {$date:"
                + " '2021-01-01T00:00:00Z'}, state: 'pending'}",
            "{_id: 'abcd1234', guild_id: 1, suggestion: 'again', suggestion_author_id: 2,"
                + " created_at: {$date: '2021-01-01T00:00:00Z'}, state: 'pending'}")) {
      bson.write(bytes(BsonDocument.parse(json)));
    }
    byte[] broken = bytes(BsonDocument.parse("{_id: 'qrst7890', state: 'pending'}"));
    broken[broken.length - 1] = 7; // not the terminating zero
    bson.write(broken);
    bson.write(new byte[] {100, 0, 0, 0, 3}); // a tail cut off inside a document
    Path dumpDb = Files.createDirectories(dump.resolve("suggestions_bot"));
    Files.write(dumpDb.resolve("suggestions.bson"), bson.toByteArray());

    // the rest as mongoexport writes it: one document per line, relaxed or canonical
    lines(
        "queued_suggestions",
        "{\"_id\": {\"$oid\": \"64b7f0c2a1b2c3d4e5f60718\"}, \"guild_id\": 601219766258106399,"
            + " \"suggestion\": \"Queued, legacy id\", \"suggestion_author_id\": 223456789012345678,"
            + " \"created_at\": {\"$date\": \"2024-03-01T10:00:00Z\"}, \"still_in_queue\": true,"
            + " \"channel_id\": null}",
        "{\"_id\": \"qqqq1111\", \"guild_id\": 601219766258106399, \"suggestion\": \"Approved\","
            + " \"suggestion_author_id\": 223456789012345678, \"created_at\": {\"$date\":"
            + " \"2024-03-01T10:00:00Z\"}, \"still_in_queue\": false, \"resolved_by\":"
            + " 323456789012345678, \"related_suggestion_id\": \"zzzz9999\", \"channel_id\":"
            + " {\"$numberLong\": \"701219766258106399\"}}",
        "{\"_id\": \"qqqq2222\", \"guild_id\": 601219766258106399, \"suggestion\": \"Bad link\","
            + " \"suggestion_author_id\": 223456789012345678, \"created_at\": {\"$date\":"
            + " \"2024-03-01T10:00:00Z\"}, \"still_in_queue\": false, \"related_suggestion_id\":"
            + " \"not an sID\"}",
        "this line is not JSON");
    lines(
        "guild_configs",
        "{\"_id\": 601219766258106399, \"keep_logs\": true, \"blocked_users\":"
            + " [423456789012345678], \"some_new_key\": \"ignored\"}",
        "{\"_id\": 601219766258106400}",
        "{\"_id\": 601219766258106401, \"blocked_users\": \"not a list\"}");
    lines("user_configs", "{\"_id\": 223456789012345678, \"dm_messages_disabled\": true}");
    lines("premium_guild_configs", "{\"_id\": 601219766258106399, \"cooldown_period\": \"Day\"}");
    lines(
        "locale_tracking",
        "{\"_id\": {\"$oid\": \"6765e5a0a1b2c3d4e5f60718\"}, \"locale\": \"da\", \"user_id\":"
            + " 223456789012345678, \"interaction.guild.id\": 601219766258106399}",
        "{\"_id\": {\"$oid\": \"6500e5a0a1b2c3d4e5f60718\"}, \"locale\": \"de\", \"user_id\":"
            + " 223456789012345678, \"guild_id\": 601219766258106399}",
        "{\"_id\": {\"$oid\": \"6500e5a0a1b2c3d4e5f60719\"}, \"locale\": \"en-GB\", \"user_id\":"
            + " 223456789012345678, \"guild_id\": null}",
        "{\"_id\": \"not an ObjectId\", \"locale\": \"de\", \"user_id\": 1}");
    lines(
        "member_stats",
        "{\"_id\": {\"$oid\": \"6500e5a0a1b2c3d4e5f60720\"}, \"member_id\": 223456789012345678,"
            + " \"guild_id\": 601219766258106399, \"commands\": {\"suggest\": {\"completed_at\":"
            + " [{\"$date\": \"2024-01-01T10:00:00Z\"}, {\"$date\": \"2024-01-02T10:00:00Z\"}],"
            + " \"failed_at\": [{\"$date\": \"2024-01-03T10:00:00Z\"}]}, \"approve\":"
            + " {\"completed_at\": [{\"$date\": \"2024-01-04T10:00:00Z\"}]}}}",
        "{\"_id\": {\"$oid\": \"6500e5a0a1b2c3d4e5f60721\"}, \"member_id\": 223456789012345679,"
            + " \"guild_id\": null, \"commands\": {}}");
    lines(
        "interaction_create_stats",
        "{\"_id\": {\"$oid\": \"6500e5a0a1b2c3d4e5f60722\"}, \"count\": 1200, \"inserted_at\":"
            + " {\"$date\": \"2024-01-01T10:59:59Z\"}, \"cluster\": \"1\"}");
    lines(
        "error_tracking",
        "{\"_id\": \"err00001\", \"error\": \"x\", \"user_id\": 1, \"traceback\": \"secret\"}");
    lines("beta_links", "{\"_id\": 1}");

    List<Object> facts = new ArrayList<>();
    ImportReport report =
        new LegacyImport(dump, BERLIN).read((collection, id, fact) -> facts.add(fact), read -> {});

    var suggestions = report.collections().get("suggestions");
    assertThat(suggestions.read()).isEqualTo(8);
    assertThat(suggestions.imported()).isEqualTo(2);
    assertThat(suggestions.skipped())
        .containsEntry("duplicate _id", 1L)
        .containsEntry("malformed: state is not pending, approved, rejected or cleared", 1L)
        .containsEntry("malformed: _id is not an 8-character id of a-z and 0-9", 1L)
        .containsEntry("malformed: guild_id is missing", 1L)
        .containsKey("unreadable (and the rest of the file): the file ends inside a document");
    assertThat(suggestions.skipped().keySet())
        .anyMatch(r -> r.startsWith("unreadable: not a BSON"));
    assertThat(suggestions.notes())
        .containsEntry("members in both vote lists: neither vote kept", 1L)
        .containsEntry("reaction-era votes kept as counts only", 9L);
    List<LegacyFacts.Suggestion> read =
        facts.stream()
            .filter(LegacyFacts.Suggestion.class::isInstance)
            .map(LegacyFacts.Suggestion.class::cast)
            .toList();
    var first = read.get(0);
    assertThat(first.upVoters()).containsExactly("300000000000000001");
    assertThat(first.downVoters()).isEmpty();
    // 12:00 on the Berlin host's clock, in summer: 10:00 UTC.
    assertThat(first.submission().createdAt()).isEqualTo(Instant.parse("2025-06-01T10:00:00Z"));
    assertThat(first.resolvedBy()).isNull();
    var second = read.get(1);
    assertThat(second.reactionUpVotes()).isEqualTo(7);
    assertThat(second.submission().guildId()).isEqualTo("601219766258106399");

    assertFigures(report, "queued_suggestions", 4, 2);
    assertThat(report.collections().get("queued_suggestions").notes())
        .containsEntry("queue ids that are ObjectIds, kept as their hex text", 1L);
    assertFigures(report, "guild_configs", 3, 2);
    assertFigures(report, "user_configs", 1, 1);
    assertFigures(report, "premium_guild_configs", 1, 0);
    assertFigures(report, "locale_tracking", 4, 3);
    assertFigures(report, "member_stats", 2, 1);
    assertThat(report.collections().get("member_stats").facts()).isEqualTo(4);
    // Hourly totals per cluster: read and checked, then skipped, since nothing per interaction.
    assertFigures(report, "interaction_create_stats", 1, 0);
    assertThat(report.collections().get("interaction_create_stats").skipped())
        .containsOnlyKeys(LegacyRecords.HOURLY);
    assertFigures(report, "error_tracking", 1, 0);
    assertFigures(report, "beta_links", 1, 0);
    assertThat(report.collections().get("cluster_guild_counts").file()).isNull();
    assertThat(facts)
        .filteredOn(LegacyFacts.Interaction.class::isInstance)
        .map(fact -> ((LegacyFacts.Interaction) fact).guildId())
        .containsExactly(
            "601219766258106399",
            "601219766258106399",
            null,
            "601219766258106399",
            "601219766258106399",
            "601219766258106399",
            "601219766258106399");
    assertThat(report.read()).isEqualTo(report.imported() + report.skipped()).isEqualTo(26);
    assertThat(report.text(false)).contains("suggestions").doesNotContain("secret");
  }

  /** Whatever the documents hold, reading never fails and every document is accounted for. */
  @Test
  void hostileDocumentsAreAccountedForAndNeverStopTheImport() throws Exception {
    SplittableRandom random = new SplittableRandom(1950);
    BsonValue[] values = {
      new BsonNull(),
      new BsonString(""),
      new BsonString("\u0000"),
      new BsonString("x".repeat(5_000)),
      new BsonString("abcd1234"),
      new BsonString("-5"),
      new BsonString("99999999999999999999"),
      new BsonInt32(-1),
      new BsonInt64(Long.MAX_VALUE),
      new BsonDouble(1.5),
      new BsonBoolean(true),
      new BsonDateTime(Long.MIN_VALUE),
      new BsonObjectId(new ObjectId()),
      new BsonArray(List.of(new BsonString("a"), new BsonNull())),
      BsonDocument.parse("{completed_at: 1, failed_at: [1]}"),
    };
    String[] fields = {
      "_id",
      "guild_id",
      "suggestion",
      "suggestion_author_id",
      "created_at",
      "state",
      "up_voted_by",
      "down_voted_by",
      "total_up_votes",
      "uses_views_for_votes",
      "still_in_queue",
      "related_suggestion_id",
      "blocked_users",
      "keep_logs",
      "user_id",
      "locale",
      "interaction.guild.id",
      "member_id",
      "commands",
      "count",
      "inserted_at",
      "resolved_at"
    };
    long written = 0;
    for (String collection : LegacyRecords.COLLECTIONS) {
      List<String> documents = new ArrayList<>();
      for (int i = 0; i < 300; i++) {
        BsonDocument document = new BsonDocument();
        for (int f = random.nextInt(8); f > 0; f--) {
          document.put(
              fields[random.nextInt(fields.length)], values[random.nextInt(values.length)]);
        }
        documents.add(document.toJson());
      }
      lines(collection, documents.toArray(String[]::new));
      written += documents.size();
    }

    ImportReport report =
        new LegacyImport(dump, ZoneId.of("UTC")).read((c, id, fact) -> {}, r -> {});

    assertThat(report.read()).isEqualTo(written);
    assertThat(report.imported() + report.skipped()).isEqualTo(written);
    for (var collection : report.collections().values()) {
      assertThat(collection.read())
          .as(collection.name())
          .isEqualTo(collection.imported() + collection.skippedCount());
    }
  }

  /** A file that is not even text is listed as unreadable; the other collections are read. */
  @Test
  void aFileThatIsNoTextIsListedAndTheRestIsRead() throws Exception {
    Files.write(dump.resolve("user_configs.json"), new byte[] {'{', (byte) 0xC3, (byte) 0x28, '}'});
    lines("guild_configs", "", "   ", "{\"_id\": 601219766258106399}");

    ImportReport report =
        new LegacyImport(dump, ZoneId.of("UTC")).read((c, id, fact) -> {}, r -> {});

    assertThat(report.collections().get("user_configs").skipped().keySet())
        .singleElement()
        .asString()
        .startsWith("unreadable (and the rest of the file)");
    assertFigures(report, "guild_configs", 1, 1);
  }

  private static void assertFigures(ImportReport report, String name, long read, long imported) {
    var collection = report.collections().get(name);
    assertThat(collection.read()).as(name + " read").isEqualTo(read);
    assertThat(collection.imported()).as(name + " imported").isEqualTo(imported);
    assertThat(collection.skippedCount()).as(name + " skipped").isEqualTo(read - imported);
  }

  private void lines(String collection, String... documents) throws Exception {
    Files.writeString(
        dump.resolve(collection + ".json"),
        String.join("\n", documents) + "\n",
        StandardCharsets.UTF_8);
  }

  private static byte[] bytes(BsonDocument document) {
    ByteBuffer buffer =
        new RawBsonDocument(document, new BsonDocumentCodec()).getByteBuffer().asNIO();
    byte[] bytes = new byte[buffer.remaining()];
    buffer.get(bytes);
    return bytes;
  }
}
