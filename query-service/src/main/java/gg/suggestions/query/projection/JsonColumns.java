package gg.suggestions.query.projection;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import gg.suggestions.eventstore.envelope.EnvelopeCodec;

/** Rows kept as one JSON document in a {@code jsonb} column, written and read with one mapper. */
public final class JsonColumns {

  private static final ObjectMapper JSON = EnvelopeCodec.defaultMapper();

  private JsonColumns() {}

  public static String write(Object row) {
    try {
      return JSON.writeValueAsString(row);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Cannot write " + row.getClass().getSimpleName(), e);
    }
  }

  /** A row read back; one that does not read fails the event that needed it (a dead letter). */
  public static <T> T read(String json, Class<T> type) {
    try {
      return JSON.readValue(json, type);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(
          "A " + type.getSimpleName() + " row does not read: " + e.getOriginalMessage(), e);
    }
  }
}
