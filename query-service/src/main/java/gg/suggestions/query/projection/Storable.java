package gg.suggestions.query.projection;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import gg.suggestions.eventstore.contract.suggestion.QueueKey;
import gg.suggestions.eventstore.contract.suggestion.SuggestionKey;
import gg.suggestions.eventstore.contract.userconfig.UserKey;
import gg.suggestions.eventstore.deadletter.SafeText;
import gg.suggestions.eventstore.envelope.EnvelopeCodec;
import gg.suggestions.eventstore.privacy.Sealing;
import java.lang.reflect.Method;
import java.time.temporal.Temporal;
import java.time.temporal.TemporalAmount;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
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
    if (problem != null) {
      return problem;
    }
    Object payload = event.getPayload();
    if (payload instanceof Record record && clean(record)) {
      // Nothing to report in the payload: no tree of it is needed, only the ids the check takes.
      return event instanceof DomainEventMessage<?> domain
          ? streamMismatch(domain, name -> component(record, name))
          : null;
    }
    JsonNode tree = json.valueToTree(payload);
    problem = tree("payload", "payload", tree);
    return problem == null && event instanceof DomainEventMessage<?> domain
        ? streamMismatch(domain, name -> tree.path(name).asText(null))
        : problem;
  }

  /** How a record's components are read: once per class. */
  private static final ClassValue<List<Component>> COMPONENTS =
      new ClassValue<>() {
        @Override
        protected List<Component> computeValue(Class<?> type) {
          return Arrays.stream(type.getRecordComponents())
              .map(c -> new Component(c.getName(), c.getAccessor()))
              .toList();
        }
      };

  private record Component(String name, Method accessor) {
    Object of(Record record) {
      try {
        return accessor.invoke(record);
      } catch (ReflectiveOperationException e) {
        throw new IllegalStateException("Cannot read " + name + " of " + record.getClass(), e);
      }
    }
  }

  /**
   * Whether {@link #tree} finds nothing in a record, checked on its values as the serializer would
   * write them, without writing them: strings, lists and nested records are checked; the other
   * values contracts hold (numbers, booleans, enums, times) are written as nothing a table can not
   * store. Where it finds something, the tree of the record says what and where.
   */
  private static boolean clean(Record record) {
    for (Component component : COMPONENTS.get(record.getClass())) {
      if (!clean(component.name(), component.of(record))) {
        return false;
      }
    }
    return true;
  }

  private static boolean clean(String name, Object value) {
    if (value instanceof String text) {
      return isKey(name) ? SafeText.idProblem(text) == null : SafeText.problem(text) == null;
    }
    if (value instanceof Record nested) {
      return clean(nested);
    }
    if (value instanceof List<?> list) {
      return list.stream().allMatch(element -> clean(name, element));
    }
    return value == null
        || value instanceof Number
        || value instanceof Boolean
        || value instanceof Enum<?>
        || value instanceof Temporal
        || value instanceof TemporalAmount;
  }

  /** A record's component as the tree's {@code asText(null)} reads it. */
  private static String component(Record record, String name) {
    for (Component component : COMPONENTS.get(record.getClass())) {
      if (component.name().equals(name)) {
        Object value = component.of(record);
        return value == null ? null : String.valueOf(value);
      }
    }
    return null;
  }

  /**
   * A live handler finds its row by the payload's ids, a rebuild by the aggregate id; on every
   * event the command side writes they name the same row. An event whose aggregate id is not the
   * one its payload implies (a forged or broken record) would land in different rows on the two
   * paths, so both refuse it.
   */
  private static String streamMismatch(
      DomainEventMessage<?> event, Function<String, String> payload) {
    String implied = impliedAggregateId(event.getType(), payload);
    return implied == null || implied.equals(event.getAggregateIdentifier())
        ? null
        : "The aggregate id "
            + SafeText.printable(event.getAggregateIdentifier(), SafeText.MAX_ID)
            + " is not the "
            + SafeText.printable(implied, SafeText.MAX_ID)
            + " its payload names";
  }

  /** The aggregate id a payload implies, by aggregate type; null where no rule is known. */
  private static String impliedAggregateId(String aggregateType, Function<String, String> payload) {
    String guild = payload.apply("guildId");
    return switch (aggregateType == null ? "" : aggregateType) {
      case "GuildConfig" -> String.valueOf(guild);
      case "Suggestion" -> SuggestionKey.of(guild, payload.apply("suggestionId"));
      case "QueuedSuggestion" -> QueueKey.of(guild, payload.apply("queueId"));
      // None for a forgotten member's pseudonym, nor for the record of a forgetting (no id).
      case "UserConfig" -> {
        String user = payload.apply("userId");
        yield user == null || Sealing.isPseudonym(user) ? null : UserKey.of(user);
      }
      default -> null;
    };
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
