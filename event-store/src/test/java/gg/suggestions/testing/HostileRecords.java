package gg.suggestions.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.UnaryOperator;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Records any producer could put on a topic of envelopes, built from one valid envelope by a seeded
 * random generator: over-long ids, NUL characters, lone surrogates, garbage, empty values, JSON
 * that is no envelope, a 900 KB payload, wrong field types, an unknown type. Set the system
 * property {@value #SEED} to replay a failing run; the seed belongs in every assertion message.
 */
public final class HostileRecords {

  public static final String SEED = "hostile.seed";

  private static final ObjectMapper json = new ObjectMapper();
  private static final String LONE = "LONE-SURROGATE";

  /**
   * One hostile record.
   *
   * @param refused whether no reader can store it: it is no envelope, or an id in it can not be
   *     stored (too long, a NUL character, a lone surrogate)
   */
  public record Hostile(String name, byte[] value, boolean refused) {}

  private HostileRecords() {}

  /** The seed of this run: the system property's, or a fresh one. */
  public static long seed() {
    return Long.getLong(SEED, System.nanoTime());
  }

  /**
   * Hostile variants of {@code valid}, an encoded envelope whose id field is {@code idField}
   * ({@code aggregateId} or {@code commandId}), in a random order. Each variant gets a unique
   * {@code eventId} and {@code commandId} unless those are what it breaks.
   */
  public static List<Hostile> of(byte[] valid, String idField, Random random) {
    List<Hostile> all = new ArrayList<>();
    all.add(raw("garbage bytes", garbage(random), true));
    all.add(raw("empty value", new byte[0], true));
    all.add(raw("no value", null, true));
    all.add(raw("a JSON array", "[1, \"two\", {}]".getBytes(StandardCharsets.UTF_8), true));
    all.add(raw("a JSON string", "\"envelope\"".getBytes(StandardCharsets.UTF_8), true));
    all.add(edit(valid, "300-digit ids", true, e -> ids(e, idField, digits(random, 300))));
    all.add(edit(valid, "NUL in the id", true, e -> ids(e, idField, "g\0" + digits(random, 6))));
    all.add(edit(valid, "lone surrogate in the id", true, e -> ids(e, idField, "g" + LONE + "x")));
    all.add(edit(valid, "900 KB id", true, e -> e.put(idField, digits(random, 900 * 1024))));
    all.add(edit(valid, "NUL in every string", true, HostileRecords::nulEverywhere));
    all.add(edit(valid, "900 KB payload", false, e -> padded(e, random)));
    all.add(
        edit(valid, "unknown type", false, e -> e.put("type", "NoSuchType" + random.nextInt())));
    // Refused or not depends on the reader's codec; every reader must merely survive them.
    all.add(edit(valid, "text sequence", false, e -> e.put("sequence", "seven")));
    all.add(edit(valid, "number payload", false, e -> e.put("payload", 5)));
    all.add(edit(valid, "text latency", false, e -> e.put("latencyMillis", "slow")));
    all.add(edit(valid, "object guild id", false, e -> e.set("guildId", json.createObjectNode())));
    List<Hostile> unique = new ArrayList<>();
    for (Hostile h : all) {
      unique.add(h.value() == null || h.value().length == 0 ? h : uniqueIds(h, unique.size()));
    }
    Collections.shuffle(unique, random);
    return unique;
  }

  /**
   * Sends {@code records} to {@code partition} of {@code topic} with a plain producer.
   *
   * @return the offset of each record, in order
   */
  public static List<Long> produce(
      String bootstrapServers, String topic, int partition, List<Hostile> records) {
    Map<String, Object> config =
        Map.of(
            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
            bootstrapServers,
            ProducerConfig.MAX_REQUEST_SIZE_CONFIG,
            4 * 1024 * 1024);
    try (var producer =
        new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer())) {
      List<Long> offsets = new ArrayList<>();
      for (Hostile h : records) {
        offsets.add(
            producer
                .send(new ProducerRecord<>(topic, partition, "hostile", h.value()))
                .get()
                .offset());
      }
      return offsets;
    } catch (InterruptedException | java.util.concurrent.ExecutionException e) {
      throw new IllegalStateException("Could not produce hostile records", e);
    }
  }

  private static Hostile raw(String name, byte[] value, boolean refused) {
    return new Hostile(name, value, refused);
  }

  private static Hostile edit(
      byte[] valid, String name, boolean refused, UnaryOperator<ObjectNode> change) {
    try {
      ObjectNode envelope = (ObjectNode) json.readTree(valid);
      // A lone surrogate can only be written as a JSON escape: Jackson refuses to encode one.
      String text = json.writeValueAsString(change.apply(envelope)).replace(LONE, "\\ud800");
      return new Hostile(name, text.getBytes(StandardCharsets.UTF_8), refused);
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Unique event and command ids, so no variant is taken for a copy of another. */
  private static Hostile uniqueIds(Hostile h, int index) {
    try {
      JsonNode node = json.readTree(h.value());
      if (!(node instanceof ObjectNode envelope)) {
        return h;
      }
      if (h.name().contains("NUL in every")) {
        return h;
      }
      if (envelope.path("eventId").isTextual()) {
        envelope.put("eventId", "hostile-event-" + index + "-" + System.nanoTime());
      }
      if (envelope.path("commandId").isTextual() && !h.name().contains(" id")) {
        envelope.put("commandId", "hostile-command-" + index + "-" + System.nanoTime());
      }
      return new Hostile(h.name(), json.writeValueAsBytes(envelope), h.refused());
    } catch (java.io.IOException garbage) {
      return h;
    }
  }

  private static ObjectNode ids(ObjectNode envelope, String idField, String id) {
    envelope.put(idField, id);
    envelope.put("guildId", id);
    if (envelope.get("payload") instanceof ObjectNode payload && payload.has("guildId")) {
      payload.put("guildId", id);
    }
    return envelope;
  }

  private static ObjectNode nulEverywhere(ObjectNode envelope) {
    nul(envelope);
    envelope.put("schema", envelope.get("schema").asText().replace("\0", ""));
    return envelope;
  }

  private static void nul(JsonNode node) {
    if (node instanceof ObjectNode object) {
      for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> field = it.next();
        if (field.getValue().isTextual()) {
          field.setValue(new TextNode(field.getValue().asText() + "\0"));
        } else {
          nul(field.getValue());
        }
      }
    }
  }

  private static ObjectNode padded(ObjectNode envelope, Random random) {
    if (envelope.get("payload") instanceof ObjectNode payload) {
      payload.put("padding", digits(random, 900 * 1024));
    } else {
      envelope.put("padding", digits(random, 900 * 1024));
    }
    return envelope;
  }

  private static byte[] garbage(Random random) {
    byte[] bytes = new byte[1 + random.nextInt(300)];
    random.nextBytes(bytes);
    bytes[0] = (byte) 0xC3; // never valid JSON, whatever follows
    return bytes;
  }

  private static String digits(Random random, int count) {
    StringBuilder digits = new StringBuilder(count);
    digits.append(1 + random.nextInt(9));
    while (digits.length() < count) {
      digits.append(random.nextInt(10));
    }
    return digits.toString();
  }
}
