package gg.suggestions.eventstore.limits;

import com.fasterxml.jackson.databind.JsonNode;
import gg.suggestions.eventstore.contract.Contracts;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.stream.Collectors;

/**
 * The {@link Limits} of a command envelope, checked on its JSON before anything reads it as a
 * command: every requester (HTTP, the gateway) and the command loop itself run the same check, so a
 * value no reader could store never reaches the log.
 *
 * <p>Known id fields are checked by name wherever they appear in the payload ({@code guildId},
 * {@code userId}, {@code channelId}, {@code messageId}, {@code threadId} and the items of {@code
 * roleIds} are snowflakes; {@code suggestionId} and {@code queueId} are short ids); every other
 * string, field names included, follows the text policy. Unknown payload fields are checked like
 * known ones and then ignored by the command's reader.
 */
public final class CommandLimits {

  private static final Set<String> SNOWFLAKES =
      Set.of("guildId", "userId", "channelId", "messageId", "threadId");
  private static final Set<String> SNOWFLAKE_LISTS = Set.of("roleIds");
  private static final Set<String> SHORT_IDS = Set.of("suggestionId", "queueId");
  private static final int TYPE_MAX = 64;
  private static final Set<String> TYPES =
      Contracts.commands().stream().map(Class::getSimpleName).collect(Collectors.toSet());

  private CommandLimits() {}

  /** Whether {@code type} is a command the command service accepts. */
  public static boolean isKnownType(String type) {
    return type != null && TYPES.contains(type);
  }

  /** Every problem of the envelope {@code root}, each naming its field; empty when it is fine. */
  public static List<String> problems(JsonNode root) {
    List<String> problems = new ArrayList<>();
    envelope(root, problems);
    JsonNode payload = root.get("payload");
    if (payload != null && payload.isObject()) {
      walk("payload", payload, 1, problems);
    }
    return problems;
  }

  /**
   * The problems as one sentence for a reply or a log line: at most {@value #SHOWN} of them, so a
   * command with thousands of bad values still gets a short answer.
   */
  public static String describe(List<String> problems) {
    String shown = String.join("; ", problems.subList(0, Math.min(SHOWN, problems.size())));
    return problems.size() > SHOWN ? shown + "; and " + (problems.size() - SHOWN) + " more" : shown;
  }

  private static final int SHOWN = 8;

  private static void envelope(JsonNode root, List<String> problems) {
    field(root, "commandId", "commandId", Limits::token, problems);
    field(root, "replyTo", "replyTo", Limits::token, problems);
    field(root, "type", "type", CommandLimits::type, problems);
    field(root, "guildId", "guildId", Limits::snowflake, problems);
    field(root, "locale", "locale", Limits::locale, problems);
    field(root, "guildLocale", "guildLocale", Limits::locale, problems);
    field(root, "issuedAt", "issuedAt", (name, value) -> Limits.text(name, value, 64), problems);
    actor(root.path("actor"), problems);
  }

  /**
   * Checks the string field {@code name} of {@code node} when it is there; a missing or null field
   * is left to the codec, which knows which ones are required.
   */
  private static void field(
      JsonNode node,
      String name,
      String path,
      BiFunction<String, String, Optional<String>> check,
      List<String> problems) {
    JsonNode value = node.get(name);
    if (value == null || value.isNull()) {
      return;
    }
    if (!value.isTextual()) {
      problems.add(path + " must be a string");
      return;
    }
    check.apply(path, value.asText()).ifPresent(problems::add);
  }

  private static Optional<String> type(String field, String type) {
    return isKnownType(type) ? Optional.empty() : Optional.of(unknownType(type));
  }

  private static String unknownType(String type) {
    return type.length() > TYPE_MAX
        ? "type is not a command type: " + Limits.quote(type)
        : "type " + Limits.quote(type) + " is not a command type";
  }

  private static void actor(JsonNode actor, List<String> problems) {
    if (!actor.isObject()) {
      return;
    }
    field(actor, "userId", "actor.userId", Limits::snowflake, problems);
    JsonNode permissions = actor.get("permissions");
    if (permissions != null
        && !permissions.isNull()
        && !(permissions.isIntegralNumber()
            && permissions.canConvertToLong()
            && permissions.asLong() >= 0)) {
      problems.add(
          "actor.permissions must be Discord's permission bits: a whole number, 0 or more");
    }
    JsonNode roles = actor.get("roleIds");
    if (roles != null && !roles.isNull()) {
      walk("actor.roleIds", roles, 1, problems);
    }
  }

  private static void walk(String path, JsonNode node, int depth, List<String> problems) {
    if (node.isObject()) {
      if (depth > Limits.DEPTH_MAX) {
        problems.add(path + " is nested more than " + Limits.DEPTH_MAX + " deep");
        return;
      }
      for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> field = it.next();
        String name = field.getKey();
        Limits.text(path + " field name", name, TYPE_MAX).ifPresent(problems::add);
        walk(path + "." + name, field.getValue(), depth + 1, problems);
      }
    } else if (node.isArray()) {
      list(path, node, depth, problems);
    } else if (node.isTextual()) {
      value(path, node.asText()).ifPresent(problems::add);
    } else if (!node.isNull() && isId(fieldName(path))) {
      problems.add(path + " must be a string");
    }
  }

  private static boolean isId(String field) {
    return SNOWFLAKES.contains(field) || SHORT_IDS.contains(field);
  }

  private static void list(String path, JsonNode node, int depth, List<String> problems) {
    if (node.size() > Limits.LIST_MAX) {
      problems.add(path + " has " + node.size() + " items; at most " + Limits.LIST_MAX);
      return;
    }
    boolean snowflakes = SNOWFLAKE_LISTS.contains(fieldName(path));
    for (int i = 0; i < node.size(); i++) {
      JsonNode item = node.get(i);
      String itemPath = path + "[" + i + "]";
      if (snowflakes) {
        Limits.snowflake(itemPath, item.isTextual() ? item.asText() : item.toString())
            .ifPresent(problems::add);
      } else {
        walk(itemPath, item, depth + 1, problems);
      }
    }
  }

  private static Optional<String> value(String path, String value) {
    String field = fieldName(path);
    if (SNOWFLAKES.contains(field)) {
      return Limits.snowflake(path, value);
    }
    if (SHORT_IDS.contains(field)) {
      return Limits.shortId(path, value);
    }
    return Limits.text(path, value, Limits.TEXT_MAX);
  }

  private static String fieldName(String path) {
    return path.substring(path.lastIndexOf('.') + 1);
  }
}
