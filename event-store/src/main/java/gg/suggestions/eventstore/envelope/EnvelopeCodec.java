package gg.suggestions.eventstore.envelope;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
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
    return frame(bytes).envelope(mapper);
  }

  /**
   * An envelope read up to its payload: every field but the payload checked and read, the payload
   * located in {@code bytes} and left unparsed, so a reader that binds it to its contract class
   * reads it once, straight from the bytes.
   *
   * @param head the envelope, with a {@link MissingNode} for its payload when it is read from the
   *     bytes
   */
  record Framed(EventEnvelope head, byte[] bytes, int payloadOffset, int payloadLength) {

    /** The whole envelope, its payload read into a tree. */
    EventEnvelope envelope(ObjectMapper mapper) {
      if (!head.payload().isMissingNode()) {
        return head;
      }
      JsonNode payload;
      try {
        payload = mapper.readTree(bytes, payloadOffset, payloadLength);
      } catch (IOException e) {
        throw new MalformedEnvelopeException("Unreadable payload: " + e.getMessage(), e);
      }
      return new EventEnvelope(
          head.schema(),
          head.eventId(),
          head.type(),
          head.version(),
          head.aggregateType(),
          head.aggregateId(),
          head.sequence(),
          head.guildId(),
          head.occurredAt(),
          head.metadata(),
          payload);
    }

    /** A parser over the payload's bytes alone. */
    JsonParser payload(ObjectMapper mapper) throws IOException {
      return mapper.createParser(bytes, payloadOffset, payloadLength);
    }
  }

  /**
   * Reads the envelope's fields in one streaming pass; the payload object is only skipped over. An
   * envelope as the platform writes it (every field of its kind, no value in doubt) is read here;
   * any other goes to the rules of {@link #read(JsonNode)} on a tree of the whole record, so what
   * is accepted, and every problem reported, is decided in one place.
   *
   * @throws MalformedEnvelopeException as {@link #decode}
   */
  Framed frame(byte[] bytes) {
    if (bytes != null && bytes.length > 0) {
      try (JsonParser parser = mapper.createParser(bytes)) {
        Framed framed = parser.nextToken() == JsonToken.START_OBJECT ? plain(parser, bytes) : null;
        if (framed != null) {
          return framed;
        }
      } catch (IOException | RuntimeException e) {
        // Whatever is wrong, the tree reader below finds and names it.
      }
    }
    EventEnvelope envelope = decodeTree(bytes);
    byte[] payload = json(envelope.payload());
    return new Framed(envelope, payload, 0, payload.length);
  }

  /** The envelope read from a tree of the whole record: the rules, for any record. */
  EventEnvelope decodeTree(byte[] bytes) {
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

  /** The envelope read from {@code parser} (just past its opening brace), or null if not plain. */
  private Framed plain(JsonParser parser, byte[] bytes) throws IOException {
    String schema = null;
    String eventId = null;
    String type = null;
    String aggregateType = null;
    String aggregateId = null;
    String guildId = null;
    String occurredAt = null;
    long version = -1;
    long sequence = -1;
    EnvelopeMetadata metadata = new EnvelopeMetadata(null, null, null, null, null);
    int offset = -1;
    int length = 0;
    JsonToken token;
    while ((token = parser.nextToken()) == JsonToken.FIELD_NAME) {
      String name = parser.currentName();
      JsonToken value = parser.nextToken();
      boolean text = value == JsonToken.VALUE_STRING;
      switch (name) {
        case "schema" -> schema = text ? parser.getText() : null;
        case "eventId" -> eventId = text ? parser.getText() : null;
        case "type" -> type = text ? parser.getText() : null;
        case "aggregateType" -> aggregateType = text ? parser.getText() : null;
        case "aggregateId" -> aggregateId = text ? parser.getText() : null;
        case "occurredAt" -> occurredAt = text ? parser.getText() : null;
        case "version" -> version = integer(parser);
        case "sequence" -> sequence = integer(parser);
        case "guildId" -> {
          if (!text && value != JsonToken.VALUE_NULL) {
            return null;
          }
          guildId = text ? parser.getText() : null;
        }
        case "metadata" -> {
          metadata = metadata(parser);
          if (metadata == null) {
            return null;
          }
        }
        case "payload" -> {
          if (value != JsonToken.START_OBJECT) {
            return null;
          }
          offset = (int) parser.currentTokenLocation().getByteOffset();
          parser.skipChildren();
          length = (int) parser.currentLocation().getByteOffset() - offset;
        }
        default -> parser.skipChildren();
      }
    }
    Instant at = occurredAt == null ? null : Instants.parseUtc(occurredAt);
    if (token != JsonToken.END_OBJECT
        || !EventEnvelope.SCHEMA.equals(schema)
        || !nonBlank(eventId, type, aggregateType, aggregateId)
        || version < 1
        || version > Integer.MAX_VALUE
        || sequence < 0
        || at == null
        || offset < 0) {
      return null;
    }
    return new Framed(
        new EventEnvelope(
            schema,
            eventId,
            type,
            (int) version,
            aggregateType,
            aggregateId,
            sequence,
            guildId,
            EventEnvelope.atPlatformPrecision(at),
            metadata,
            MissingNode.getInstance()),
        bytes,
        offset,
        length);
  }

  /** An integer that fits a long, or -1. */
  private static long integer(JsonParser parser) throws IOException {
    if (parser.currentToken() != JsonToken.VALUE_NUMBER_INT
        || parser.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
      return -1;
    }
    return parser.getLongValue();
  }

  /** Metadata whose known fields are all strings or null, or null. */
  private static EnvelopeMetadata metadata(JsonParser parser) throws IOException {
    if (parser.currentToken() == JsonToken.VALUE_NULL) {
      return new EnvelopeMetadata(null, null, null, null, null);
    }
    if (parser.currentToken() != JsonToken.START_OBJECT) {
      return null;
    }
    String[] values = new String[METADATA.size()];
    while (parser.nextToken() == JsonToken.FIELD_NAME) {
      int field = METADATA.indexOf(parser.currentName());
      JsonToken value = parser.nextToken();
      if (field < 0) {
        parser.skipChildren();
      } else if (value == JsonToken.VALUE_STRING) {
        values[field] = parser.getText();
      } else if (value == JsonToken.VALUE_NULL) {
        values[field] = null;
      } else {
        return null;
      }
    }
    return new EnvelopeMetadata(values[0], values[1], values[2], values[3], values[4]);
  }

  private static final List<String> METADATA =
      List.of("commandId", "actorId", "locale", "guildLocale", "correlationId");

  private static boolean nonBlank(String... values) {
    for (String value : values) {
      if (value == null || value.isBlank()) {
        return false;
      }
    }
    return true;
  }

  private byte[] json(JsonNode node) {
    try {
      return mapper.writeValueAsBytes(node);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("Cannot write JSON", e);
    }
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
    try {
      return mapper.convertValue(node, EnvelopeMetadata.class);
    } catch (IllegalArgumentException e) {
      throw new MalformedEnvelopeException(
          "Malformed envelope: metadata holds a value that is no text: " + e.getMessage(), e);
    }
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
