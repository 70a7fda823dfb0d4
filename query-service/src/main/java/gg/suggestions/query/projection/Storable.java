package gg.suggestions.query.projection;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import gg.suggestions.eventstore.deadletter.SafeText;
import gg.suggestions.eventstore.envelope.EnvelopeCodec;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;

/**
 * Whether an event's content can be stored by any projection: no string holds a NUL character
 * (PostgreSQL refuses it in text and jsonb) or a lone surrogate (the driver would store {@code ?}),
 * and no id or other key is longer than {@value SafeText#MAX_ID} characters (a longer one would
 * break an index). A pure rule on the event alone, so the live processor and the rebuild refuse
 * exactly the same events, however their tables are loaded.
 */
final class Storable {

  /** Field names that become keys of projection tables besides those ending in Id or Ids. */
  private static final Set<String> KEYS = Set.of("id", "type", "locale", "guildLocale", "outcome");

  private static final ObjectMapper json = EnvelopeCodec.defaultMapper();

  private Storable() {}

  /** Why {@code event} can not be stored, or null if it can. */
  static String problem(EventMessage<?> event) {
    String problem = key("event id", event.getIdentifier());
    if (problem == null && event instanceof DomainEventMessage<?> domain) {
      problem = key("aggregate id", domain.getAggregateIdentifier());
    }
    for (Map.Entry<String, ?> entry : event.getMetaData().entrySet()) {
      if (problem == null && entry.getValue() instanceof String value) {
        problem = key("metadata " + entry.getKey(), value);
      }
    }
    return problem == null
        ? tree("payload", "payload", json.valueToTree(event.getPayload()))
        : problem;
  }

  private static String tree(String path, String name, JsonNode node) {
    if (node.isTextual()) {
      return isKey(name) ? key(path, node.asText()) : text(path, node.asText());
    }
    int index = 0;
    for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> field = it.next();
      String problem = text(path + " field name", field.getKey());
      if (problem == null) {
        problem = tree(path + "." + field.getKey(), field.getKey(), field.getValue());
      }
      if (problem != null) {
        return problem;
      }
    }
    for (JsonNode element : node.isArray() ? node : json.createArrayNode()) {
      String problem = tree(path + "[" + index++ + "]", name, element);
      if (problem != null) {
        return problem;
      }
    }
    return null;
  }

  private static boolean isKey(String name) {
    return name.endsWith("Id") || name.endsWith("Ids") || KEYS.contains(name);
  }

  private static String key(String what, String value) {
    String problem = value == null ? null : SafeText.idProblem(value);
    return problem == null ? null : "The " + what + " " + problem;
  }

  private static String text(String what, String value) {
    String problem = SafeText.problem(value);
    return problem == null ? null : "The " + what + " " + problem;
  }
}
