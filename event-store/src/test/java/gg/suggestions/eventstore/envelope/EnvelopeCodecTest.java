package gg.suggestions.eventstore.envelope;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.SplittableRandom;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class EnvelopeCodecTest {

  private final EnvelopeCodec codec = new EnvelopeCodec();

  private final EventEnvelope envelope =
      new EventEnvelope(
          EventEnvelope.SCHEMA,
          EventIds.of("1234567890123456789", 0),
          "SuggestionsChannelSet",
          1,
          "GuildConfig",
          "601219766258106399",
          3,
          "601219766258106399",
          Instant.parse("2026-05-01T12:00:00.123Z"),
          new EnvelopeMetadata("1234567890123456789", "42", "en-GB", "da", "corr-1"),
          payload("{\"channelId\":\"777\"}"));

  @Test
  void roundTripsEveryField() {
    EventEnvelope read = codec.decode(codec.encode(envelope));

    assertThat(read).isEqualTo(envelope);
  }

  /**
   * An older event in the log may carry nanoseconds. Every reader sees it at the microsecond,
   * truncated, so the live projection (JDBC) and a rebuild (COPY) store the same instant; before,
   * one rounded and the other truncated, and {@code verify} differed by a microsecond.
   */
  @Test
  void readsEveryInstantAtTheMicrosecond() {
    ObjectNode json = (ObjectNode) payload(new String(codec.encode(envelope), UTF_8));
    json.put("occurredAt", "2026-06-01T08:00:08.464726500Z");

    EventEnvelope read = codec.decode(json.toString().getBytes(UTF_8));

    assertThat(read.occurredAt()).isEqualTo(Instant.parse("2026-06-01T08:00:08.464726Z"));
    assertThat(EventEnvelope.atPlatformPrecision(Instant.parse("2026-06-01T08:00:08.999999999Z")))
        .isEqualTo(Instant.parse("2026-06-01T08:00:08.999999Z"));
  }

  @Test
  void writesTheDocumentedWireFormat() throws Exception {
    JsonNode json = EnvelopeCodec.defaultMapper().readTree(codec.encode(envelope));

    assertThat(json.get("schema").asText()).isEqualTo("suggestions.event/1");
    assertThat(json.get("type").asText()).isEqualTo("SuggestionsChannelSet");
    assertThat(json.get("version").asInt()).isEqualTo(1);
    assertThat(json.get("occurredAt").asText()).isEqualTo("2026-05-01T12:00:00.123Z");
    assertThat(json.get("metadata").get("guildLocale").asText()).isEqualTo("da");
    assertThat(json.get("payload").get("channelId").asText()).isEqualTo("777");
  }

  @Test
  void repeatsIdTypeAndVersionInHeaders() {
    var headers = new RecordHeaders();

    codec.writeHeaders(envelope, headers);

    assertThat(header(headers, EnvelopeCodec.HEADER_EVENT_ID)).isEqualTo(envelope.eventId());
    assertThat(header(headers, EnvelopeCodec.HEADER_TYPE)).isEqualTo("SuggestionsChannelSet");
    assertThat(header(headers, EnvelopeCodec.HEADER_VERSION)).isEqualTo("1");
  }

  @Test
  void ignoresFieldsANewerWriterAdded() throws Exception {
    ObjectNode json = (ObjectNode) EnvelopeCodec.defaultMapper().readTree(codec.encode(envelope));
    json.put("traceParent", "00-abc");
    ((ObjectNode) json.get("metadata")).put("shard", 3);

    EventEnvelope read = codec.decode(json.toString().getBytes(StandardCharsets.UTF_8));

    assertThat(read).isEqualTo(envelope);
  }

  @Test
  void eventIdsAreDeterministicPerCommandAndIndex() {
    assertThat(EventIds.of("cmd-1", 0)).isEqualTo(EventIds.of("cmd-1", 0));
    assertThat(EventIds.of("cmd-1", 0)).isNotEqualTo(EventIds.of("cmd-1", 1));
    assertThat(EventIds.of("cmd-1", 0)).isNotEqualTo(EventIds.of("cmd-2", 0));
    assertThatThrownBy(() -> EventIds.of(" ", 0)).isInstanceOf(IllegalArgumentException.class);
  }

  @Nested
  class RefusesRecordsThatAreNotEnvelopes {

    @Test
    void notJson() {
      assertThatThrownBy(() -> codec.decode("hello".getBytes(StandardCharsets.UTF_8)))
          .isInstanceOf(MalformedEnvelopeException.class)
          .hasMessageStartingWith("Not JSON");
    }

    @Test
    void emptyOrNotAnObject() {
      assertThatThrownBy(() -> codec.decode(new byte[0]))
          .isInstanceOf(MalformedEnvelopeException.class);
      assertThatThrownBy(() -> codec.decode("[1,2]".getBytes(StandardCharsets.UTF_8)))
          .isInstanceOf(MalformedEnvelopeException.class)
          .hasMessageStartingWith("Not a JSON object");
    }

    @Test
    void missingFieldsAreAllNamed() {
      String json =
          "{\"schema\":\"suggestions.event/1\",\"eventId\":\"e-1\",\"version\":0,"
              + "\"aggregateId\":\"g\",\"sequence\":-1,\"occurredAt\":\"yesterday\"}";

      assertThatThrownBy(() -> codec.decode(json.getBytes(StandardCharsets.UTF_8)))
          .isInstanceOf(MalformedEnvelopeException.class)
          .hasMessageStartingWith("Malformed envelope of event e-1: ")
          .hasMessageContaining("type is missing")
          .hasMessageContaining("version is missing or not an integer of at least 1")
          .hasMessageContaining("aggregateType is missing")
          .hasMessageContaining("sequence is missing or not an integer of at least 0")
          .hasMessageContaining("occurredAt is missing or not an ISO-8601 UTC instant")
          .hasMessageContaining("payload is missing or not an object");
    }

    @Test
    void anotherEnvelopeSchema() throws Exception {
      ObjectNode json = (ObjectNode) EnvelopeCodec.defaultMapper().readTree(codec.encode(envelope));
      json.put("schema", "suggestions.event/2");

      assertThatThrownBy(() -> codec.decode(json.toString().getBytes(StandardCharsets.UTF_8)))
          .isInstanceOf(MalformedEnvelopeException.class)
          .hasMessageContaining("schema is 'suggestions.event/2', expected 'suggestions.event/1'");
    }
  }

  /**
   * The streaming reader accepts, reads and refuses exactly what the rules on a tree of the whole
   * record do: seeded mutations of a real envelope (fields removed, of another kind, blank,
   * repeated, reordered, huge numbers, odd instants, odd metadata, truncated or padded bytes).
   */
  @Test
  void streamingReadAgreesWithTheTreeOnHostileRecords() throws Exception {
    var mapper = EnvelopeCodec.defaultMapper();
    SplittableRandom random = new SplittableRandom(1818);
    String[] fields = {
      "schema",
      "eventId",
      "type",
      "version",
      "aggregateType",
      "aggregateId",
      "sequence",
      "guildId",
      "occurredAt",
      "metadata",
      "payload",
      "extra"
    };
    JsonNode[] values = {
      null,
      mapper.nullNode(),
      mapper.getNodeFactory().textNode(""),
      mapper.getNodeFactory().textNode("  "),
      mapper.getNodeFactory().textNode("x\u0000y"),
      mapper.getNodeFactory().textNode("2026-02-30T10:00:00Z"),
      mapper.getNodeFactory().textNode("2026-02-28T24:00:00Z"),
      mapper.getNodeFactory().textNode("2026-12-31T23:59:59.1234567891Z"),
      mapper.getNodeFactory().textNode("+12026-01-01T00:00:00Z"),
      mapper.getNodeFactory().textNode("2026-01-01t00:00:00z"),
      mapper.getNodeFactory().textNode("2026-01-01T00:00:00.5Z"),
      mapper.getNodeFactory().textNode(EventEnvelope.SCHEMA),
      mapper.getNodeFactory().numberNode(0),
      mapper.getNodeFactory().numberNode(7),
      mapper.getNodeFactory().numberNode(-1),
      mapper.getNodeFactory().numberNode(1.5),
      mapper.getNodeFactory().numberNode(Long.MAX_VALUE),
      mapper.getNodeFactory().numberNode(new java.math.BigInteger("99999999999999999999999")),
      mapper.getNodeFactory().booleanNode(true),
      mapper.createArrayNode().add("a"),
      payload("{}"),
      payload("{\"channelId\":\"777\",\"nested\":{\"a\":[1,{\"b\":null}]}}"),
      payload("{\"actorId\":42,\"locale\":{\"x\":1}}"),
      payload("{\"actorId\":null,\"commandId\":\"c\",\"unknown\":[true]}"),
    };
    byte[] good = codec.encode(envelope);
    int read = 0;
    for (int i = 0; i < 5_000; i++) {
      ObjectNode json = (ObjectNode) mapper.readTree(good);
      String text;
      int mutations = 1 + random.nextInt(3);
      for (int m = 0; m < mutations; m++) {
        String field = fields[random.nextInt(fields.length)];
        JsonNode value = values[random.nextInt(values.length)];
        if (value == null) {
          json.remove(field);
        } else {
          json.set(field, value);
        }
      }
      text = json.toString();
      switch (random.nextInt(6)) {
        case 0 -> text = text.substring(0, random.nextInt(text.length())); // truncated
        case 1 -> text = text + (random.nextBoolean() ? " {}" : "garbage"); // padded
        case 2 -> // a field repeated: the last one counts
            text = text.replaceFirst("\\{", "{\"version\":\"one\",\"payload\":{\"a\":1},");
        case 3 -> text = "  \n" + text; // leading white space
        default -> {}
      }
      byte[] bytes = text.getBytes(UTF_8);

      Object streamed = outcome(() -> codec.decode(bytes));
      Object tree = outcome(() -> codec.decodeTree(bytes));

      assertThat(streamed).as(text).isEqualTo(tree);
      read += streamed instanceof EventEnvelope ? 1 : 0;
    }
    assertThat(read).as("envelopes read, not refused").isGreaterThan(500);
  }

  /** The envelope read, or the message of the refusal. */
  private static Object outcome(java.util.function.Supplier<EventEnvelope> read) {
    try {
      return read.get();
    } catch (MalformedEnvelopeException e) {
      return "refused: " + e.getMessage().replaceAll(" at \\[Source.*", "");
    }
  }

  private static JsonNode payload(String json) {
    try {
      return EnvelopeCodec.defaultMapper().readTree(json);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static String header(RecordHeaders headers, String name) {
    return new String(headers.lastHeader(name).value(), StandardCharsets.UTF_8);
  }
}
