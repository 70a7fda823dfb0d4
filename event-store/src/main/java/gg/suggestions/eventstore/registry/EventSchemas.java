package gg.suggestions.eventstore.registry;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import gg.suggestions.eventstore.contract.Personal;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;

/**
 * JSON Schemas (draft 2020-12) of the published events, derived from the contract records, for
 * analytics consumers. A payload schema lists every field the current version writes; fields of
 * reference types may be {@code null}; unknown fields are allowed, because a later version may add
 * some and readers must ignore them.
 */
public final class EventSchemas {

  private static final String DIALECT = "https://json-schema.org/draft/2020-12/schema";
  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  private EventSchemas() {}

  /** The schema of the payload of {@code type} at {@code revision}. */
  public static ObjectNode payloadSchema(String type, String revision, Class<?> record) {
    ObjectNode schema = JSON.objectNode();
    schema.put("$schema", DIALECT);
    schema.put("$id", "suggestions/events/" + type + "/v" + revision + ".schema.json");
    schema.put("title", type + " v" + revision);
    schema.setAll(objectOf(record));
    return schema;
  }

  private static ObjectNode objectOf(Class<?> record) {
    ObjectNode object = JSON.objectNode();
    object.put("type", "object");
    ObjectNode properties = object.putObject("properties");
    ArrayNode required = object.putArray("required");
    for (RecordComponent component : record.getRecordComponents()) {
      ObjectNode property = schemaOf(component.getGenericType());
      Personal personal = component.getAnnotation(Personal.class);
      if (personal != null) {
        // An annotation keyword: validators ignore it, readers learn what is sealed and by whom.
        property.put(
            "description",
            "Personal data of the member in "
                + personal.of()
                + (component.getType() == String.class ? "" : " (every text in it)")
                + ": sealed on the log as \"enc:v1:<key id>:<ciphertext>\" when the platform"
                + " has a master key; \"[removed]\" (an id: \"forgotten-<hex>\") once the member"
                + " is forgotten. docs/privacy.md");
        property.put("x-personal-data-of", personal.of());
      }
      properties.set(component.getName(), property);
      required.add(component.getName());
    }
    object.put("additionalProperties", true);
    return object;
  }

  private static ObjectNode schemaOf(Type type) {
    if (type instanceof ParameterizedType parameterized
        && Collection.class.isAssignableFrom((Class<?>) parameterized.getRawType())) {
      ObjectNode array = nullable("array");
      array.set("items", schemaOf(parameterized.getActualTypeArguments()[0]));
      return array;
    }
    Class<?> raw = (Class<?>) type;
    if (raw == boolean.class) {
      return JSON.objectNode().put("type", "boolean");
    }
    if (raw == int.class || raw == long.class) {
      return JSON.objectNode().put("type", "integer");
    }
    if (raw == String.class) {
      return nullable("string");
    }
    if (raw == Instant.class) {
      return nullable("string").put("format", "date-time");
    }
    if (raw == Duration.class) {
      return nullable("string").put("format", "duration");
    }
    if (raw.isEnum()) {
      ObjectNode schema = nullable("string");
      ArrayNode values = schema.putArray("enum");
      for (Object constant : raw.getEnumConstants()) {
        values.add(((Enum<?>) constant).name());
      }
      values.addNull();
      return schema;
    }
    if (raw.isRecord()) {
      ObjectNode schema = objectOf(raw);
      schema.putArray("type").add("object").add("null");
      return schema;
    }
    throw new IllegalArgumentException(
        "No JSON Schema for " + raw.getName() + ": give contracts plain field types");
  }

  private static ObjectNode nullable(String type) {
    ObjectNode schema = JSON.objectNode();
    schema.putArray("type").add(type).add("null");
    return schema;
  }
}
