package gg.suggestions.gateway.fake;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/** Snapshot of a message in a channel (current state; {@link #editCount()} counts PATCHes). */
public record FakeMessage(
    String id,
    String channelId,
    String authorId,
    String content,
    List<Embed> embeds,
    List<Component> components,
    List<String> attachments,
    String nonce,
    int flags,
    boolean deleted,
    int editCount,
    JsonNode raw) {

  /** Embed with helpers; {@link #raw()} has the full JSON. */
  public record Embed(JsonNode raw) {
    public String title() {
      return text(raw, "title");
    }

    public String description() {
      return text(raw, "description");
    }

    public Integer color() {
      return raw.hasNonNull("color") ? raw.get("color").asInt() : null;
    }

    public List<Field> fields() {
      List<Field> out = new ArrayList<>();
      for (JsonNode f : raw.path("fields")) {
        out.add(new Field(text(f, "name"), text(f, "value"), f.path("inline").asBoolean(false)));
      }
      return out;
    }

    public String footer() {
      return text(raw.path("footer"), "text");
    }
  }

  public record Field(String name, String value, boolean inline) {}

  /** A leaf component (button, select...), flattened out of action rows/containers. */
  public record Component(int type, String customId, String label, String url, boolean disabled) {}

  public List<String> customIds() {
    return components.stream().map(Component::customId).filter(c -> c != null).toList();
  }

  static String text(JsonNode node, String field) {
    JsonNode v = node == null ? null : node.get(field);
    return v == null || v.isNull() ? null : v.asText();
  }

  static List<Embed> embedsOf(JsonNode array) {
    List<Embed> out = new ArrayList<>();
    if (array != null) {
      array.forEach(e -> out.add(new Embed(e)));
    }
    return List.copyOf(out);
  }

  static List<Component> componentsOf(JsonNode array) {
    List<Component> out = new ArrayList<>();
    collect(array, out);
    return List.copyOf(out);
  }

  private static void collect(JsonNode array, List<Component> out) {
    if (array == null) {
      return;
    }
    for (JsonNode c : array) {
      if (c.has("components")) {
        collect(c.get("components"), out);
      }
      if (c.has("accessory")) {
        collect(List.of(c.get("accessory")), out);
      }
      if (c.has("custom_id") || c.path("type").asInt() == 2) {
        out.add(
            new Component(
                c.path("type").asInt(),
                text(c, "custom_id"),
                text(c, "label"),
                text(c, "url"),
                c.path("disabled").asBoolean(false)));
      }
    }
  }

  private static void collect(List<JsonNode> nodes, List<Component> out) {
    com.fasterxml.jackson.databind.node.ArrayNode a = FakeDiscord.JSON.createArrayNode();
    nodes.forEach(a::add);
    collect((JsonNode) a, out);
  }
}
