package gg.suggestions.deploy.bench;

import java.io.BufferedWriter;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.bson.BsonArray;
import org.bson.BsonBoolean;
import org.bson.BsonDateTime;
import org.bson.BsonDocument;
import org.bson.BsonInt32;
import org.bson.BsonInt64;
import org.bson.BsonNull;
import org.bson.BsonObjectId;
import org.bson.BsonString;
import org.bson.RawBsonDocument;
import org.bson.codecs.BsonDocumentCodec;
import org.bson.types.ObjectId;

/**
 * A generated dump of the old bot's database, shaped like the real one by collection share: about
 * 1.95 million documents by default, suggestions and locale tracking as BSON ({@code mongodump}),
 * the rest as Extended JSON lines ({@code mongoexport}), one in a thousand malformed. Seeded: the
 * same size gives the same dump.
 */
final class LegacyDumps {

  private final SplittableRandom random = new SplittableRandom(1950);

  /** Writes a dump of about {@code documents} documents into {@code dump}; returns how many. */
  static long generate(Path dump, long documents) throws Exception {
    BenchCluster.deleteRecursively(dump);
    Files.createDirectories(dump);
    // Shares of the old database, by collection.
    Map<String, Double> shares = new LinkedHashMap<>();
    shares.put("suggestions", 0.30);
    shares.put("queued_suggestions", 0.03);
    shares.put("guild_configs", 0.025);
    shares.put("user_configs", 0.025);
    shares.put("locale_tracking", 0.40);
    shares.put("member_stats", 0.07);
    shares.put("interaction_create_stats", 0.03);
    shares.put("error_tracking", 0.12);
    LegacyDumps generator = new LegacyDumps();
    long generated = 0;
    for (var share : shares.entrySet()) {
      long count = Math.round(documents * share.getValue());
      generator.generate(dump, share.getKey(), count);
      generated += count;
    }
    return generated;
  }

  private void generate(Path dump, String collection, long count) throws Exception {
    boolean bson = collection.equals("suggestions") || collection.equals("locale_tracking");
    Path file = dump.resolve(collection + (bson ? ".bson" : ".json"));
    try (OutputStream binary = bson ? Files.newOutputStream(file) : null;
        BufferedWriter text = bson ? null : Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      for (long i = 0; i < count; i++) {
        BsonDocument document = document(collection, i);
        if (random.nextInt(1_000) == 0) {
          document.put("guild_id", new BsonString("not an id")); // one in a thousand malformed
          document.put("_id", new BsonString("X" + i));
        }
        if (bson) {
          ByteBuffer buffer =
              new RawBsonDocument(document, new BsonDocumentCodec()).getByteBuffer().asNIO();
          byte[] bytes = new byte[buffer.remaining()];
          buffer.get(bytes);
          binary.write(bytes);
        } else {
          text.write(document.toJson());
          text.newLine();
        }
      }
    }
  }

  private BsonDocument document(String collection, long i) {
    long guild = 601_219_766_258_106_399L + random.nextInt(50_000);
    long member = 223_456_789_012_345_678L + random.nextInt(1_000_000);
    BsonDateTime at = new BsonDateTime(1_600_000_000_000L + i * 1_000);
    BsonDocument d = new BsonDocument();
    switch (collection) {
      case "suggestions", "queued_suggestions" -> {
        d.put("_id", new BsonString(String.format("%08x", i)));
        d.put("guild_id", new BsonInt64(guild));
        d.put("suggestion", new BsonString("A suggestion of the old bot, number " + i));
        d.put("suggestion_author_id", new BsonInt64(member));
        d.put("created_at", at);
        d.put("is_anonymous", BsonBoolean.valueOf(i % 10 == 0));
        if (collection.equals("suggestions")) {
          d.put(
              "state",
              new BsonString(i % 3 == 0 ? "pending" : i % 3 == 1 ? "approved" : "rejected"));
          d.put("uses_views_for_votes", BsonBoolean.TRUE);
          BsonArray up = new BsonArray();
          for (int v = random.nextInt(6); v > 0; v--) {
            up.add(new BsonInt64(member + v));
          }
          d.put("up_voted_by", up);
          d.put("down_voted_by", new BsonArray(List.of(new BsonInt64(member + 100))));
          d.put("message_id", new BsonInt64(900_000_000_000_000_000L + i));
          d.put("channel_id", new BsonInt64(guild + 1));
        } else {
          d.put("still_in_queue", BsonBoolean.valueOf(i % 2 == 0));
          d.put("channel_id", new BsonNull());
        }
      }
      case "guild_configs" -> {
        d.put("_id", new BsonInt64(guild + i * 50_000));
        d.put("keep_logs", BsonBoolean.TRUE);
        d.put("blocked_users", new BsonArray(List.of(new BsonInt64(member))));
      }
      case "user_configs" -> {
        d.put("_id", new BsonInt64(member + i * 1_000_000));
        d.put("dm_messages_disabled", BsonBoolean.TRUE);
      }
      case "locale_tracking" -> {
        d.put("_id", new BsonObjectId(new ObjectId()));
        d.put("locale", new BsonString(i % 2 == 0 ? "en-GB" : "da"));
        d.put("user_id", new BsonInt64(member));
        d.put(i % 2 == 0 ? "interaction.guild.id" : "guild_id", new BsonInt64(guild));
      }
      case "member_stats" -> {
        d.put("_id", new BsonObjectId(new ObjectId()));
        d.put("member_id", new BsonInt64(member));
        d.put("guild_id", new BsonInt64(guild));
        BsonDocument suggest = new BsonDocument();
        suggest.put("completed_at", new BsonArray(List.of(at, at, at)));
        suggest.put("failed_at", new BsonArray(List.of(at)));
        d.put("commands", new BsonDocument("suggest", suggest));
      }
      case "interaction_create_stats" -> {
        d.put("_id", new BsonObjectId(new ObjectId()));
        d.put("count", new BsonInt32(1_000 + random.nextInt(1_000)));
        d.put("inserted_at", at);
        d.put("cluster", new BsonString(Long.toString(i % 4)));
      }
      default -> {
        d.put("_id", new BsonString(String.format("%08x", i)));
        d.put("error", new BsonString("KeyError"));
        d.put("traceback", new BsonString("Traceback (most recent call last): ..."));
      }
    }
    return d;
  }
}
