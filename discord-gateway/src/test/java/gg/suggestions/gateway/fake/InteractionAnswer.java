package gg.suggestions.gateway.fake;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * One thing the bot did in answer to an interaction: the initial callback ({@code POST
 * interactions/{id}/{token}/callback}) or a later webhook call on the interaction token.
 *
 * @param kind what kind of call it was
 * @param type the callback type for {@link Kind#CALLBACK} (4 reply, 5 deferred reply, 6 deferred
 *     update, 7 update message, 8 autocomplete result, 9 modal), otherwise 0
 * @param data the callback's {@code data}, or the webhook body
 * @param messageId the message concerned ({@code @original} resolves to the original's id)
 */
public record InteractionAnswer(
    Kind kind, int type, JsonNode data, List<String> attachments, String messageId) {

  public enum Kind {
    CALLBACK,
    EDIT_ORIGINAL,
    DELETE_ORIGINAL,
    FOLLOWUP,
    EDIT_FOLLOWUP,
    DELETE_FOLLOWUP
  }

  public int flags() {
    return data == null ? 0 : data.path("flags").asInt(0);
  }

  public boolean ephemeral() {
    return (flags() & 64) != 0;
  }

  /** A deferral (type 5 or 6) only acknowledges; everything else carries the visible answer. */
  public boolean isDeferral() {
    return kind == Kind.CALLBACK && (type == 5 || type == 6);
  }

  public String content() {
    return data == null ? null : FakeMessage.text(data, "content");
  }

  public List<FakeMessage.Embed> embeds() {
    return FakeMessage.embedsOf(data == null ? null : data.get("embeds"));
  }

  public List<FakeMessage.Component> components() {
    return FakeMessage.componentsOf(data == null ? null : data.get("components"));
  }

  /** Autocomplete choices (type 8). */
  public JsonNode choices() {
    return data == null ? null : data.get("choices");
  }
}
