package gg.suggestions.eventstore.envelope;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.header.Headers;

/**
 * Reads and writes {@link EventEnvelope}s as UTF-8 JSON, and the headers that repeat the routing
 * fields for cheap filtering. Thread-safe.
 *
 * <p>Reading is strict about the envelope and lenient about everything else: unknown envelope
 * fields are ignored (a newer writer may add some), but a missing or wrong required field is a
 * {@link MalformedEnvelopeException} that names every problem, so a poison record can be reported
 * precisely and set aside.
 */
public final class EnvelopeCodec {

  public static final String HEADER_EVENT_ID = "ev-id";
  public static final String HEADER_TYPE = "ev-type";
  public static final String HEADER_VERSION = "ev-version";

  private final ObjectMapper mapper;

  public EnvelopeCodec() {
    this(defaultMapper());
  }

  public EnvelopeCodec(ObjectMapper mapper) {
    this.mapper = mapper;
  }

  /**
   * The mapper the platform uses for envelopes and payloads: ISO-8601 instants and durations,
   * lenient about unknown fields.
   */
  public static ObjectMapper defaultMapper() {
    return JsonMapper.builder()
        .addModule(new JavaTimeModule())
        .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
        .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
        .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
        .build();
  }

  public byte[] encode(EventEnvelope envelope) {
    try {
      return mapper.writeValueAsBytes(envelope);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("Cannot write envelope of event " + envelope.eventId(), e);
    }
  }

  /** Adds the event id, type and version headers of {@code envelope} to {@code headers}. */
  public void writeHeaders(EventEnvelope envelope, Headers headers) {
    headers.add(HEADER_EVENT_ID, utf8(envelope.eventId()));
    headers.add(HEADER_TYPE, utf8(envelope.type()));
    headers.add(HEADER_VERSION, utf8(Integer.toString(envelope.version())));
  }

  /**
   * @throws MalformedEnvelopeException if the bytes are not JSON, or a required field is missing or
   *     of the wrong kind
   */
  public EventEnvelope decode(byte[] bytes) {
    if (bytes == null || bytes.length == 0) {
      throw new MalformedEnvelopeException("Empty record: not an event envelope");
    }
    JsonNode root;
    try {
      root = mapper.readTree(bytes);
    } catch (JsonProcessingException e) {
      throw new MalformedEnvelopeException("Not JSON: " + e.getOriginalMessage(), e);
    } catch (IOException e) {
      throw new MalformedEnvelopeException("Unreadable record: " + e.getMessage(), e);
    }
    if (root == null || !root.isObject()) {
      throw new MalformedEnvelopeException("Not a JSON object: an envelope is an object");
    }
    return read(root);
  }

  private EventEnvelope read(JsonNode root) {
    List<String> problems = new ArrayList<>();
    String schema = text(root, "schema", problems);
    if (schema != null && !schema.equals(EventEnvelope.SCHEMA)) {
      problems.add("schema is '" + schema + "', expected '" + EventEnvelope.SCHEMA + "'");
    }
    String eventId = text(root, "eventId", problems);
    String type = text(root, "type", problems);
    int version = (int) number(root, "version", 1, problems);
    String aggregateType = text(root, "aggregateType", problems);
    String aggregateId = text(root, "aggregateId", problems);
    long sequence = number(root, "sequence", 0, problems);
    Instant occurredAt = instant(root, problems);
    JsonNode payload = root.get("payload");
    if (payload == null || !payload.isObject()) {
      problems.add("payload is missing or not an object");
    }
    if (!problems.isEmpty()) {
      throw new MalformedEnvelopeException(
          "Malformed envelope"
              + (eventId == null ? "" : " of event " + eventId)
              + ": "
              + String.join("; ", problems));
    }
    JsonNode guild = root.get("guildId");
    return new EventEnvelope(
        schema,
        eventId,
        type,
        version,
        aggregateType,
        aggregateId,
        sequence,
        guild == null || guild.isNull() ? null : guild.asText(),
        occurredAt,
        metadata(root.get("metadata")),
        payload);
  }

  private EnvelopeMetadata metadata(JsonNode node) {
    if (node == null || !node.isObject()) {
      return new EnvelopeMetadata(null, null, null, null, null);
    }
    return mapper.convertValue(node, EnvelopeMetadata.class);
  }

  private static String text(JsonNode root, String field, List<String> problems) {
    JsonNode node = root.get(field);
    if (node == null || !node.isTextual() || node.asText().isBlank()) {
      problems.add(field + " is missing or not a non-empty string");
      return null;
    }
    return node.asText();
  }

  private static long number(JsonNode root, String field, long min, List<String> problems) {
    JsonNode node = root.get(field);
    if (node == null
        || !node.canConvertToLong()
        || !node.isIntegralNumber()
        || node.asLong() < min) {
      problems.add(field + " is missing or not an integer of at least " + min);
      return min;
    }
    return node.asLong();
  }

  private static Instant instant(JsonNode root, List<String> problems) {
    JsonNode node = root.get("occurredAt");
    try {
      if (node != null && node.isTextual()) {
        return EventEnvelope.atPlatformPrecision(Instant.parse(node.asText()));
      }
    } catch (DateTimeParseException e) {
      // reported below
    }
    problems.add("occurredAt is missing or not an ISO-8601 UTC instant");
    return null;
  }

  private static byte[] utf8(String value) {
    return value.getBytes(StandardCharsets.UTF_8);
  }
}
