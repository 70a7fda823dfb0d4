package gg.suggestions.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import gg.suggestions.eventstore.envelope.CommandEnvelope;
import gg.suggestions.eventstore.envelope.EnvelopeCodec;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * One valid command envelope of every type the command service accepts, as JSON, for tests that
 * spoil one field at a time.
 */
public final class SampleCommands {

  public static final String GUILD = "601219766258106399";
  private static final ObjectMapper MAPPER = EnvelopeCodec.defaultMapper();
  private static final String SID = "k3x9ab2f";
  private static final String CHANNEL = "774512099823452160";
  private static final String MESSAGE = "1180000000000000001";

  private SampleCommands() {}

  /** Every command type with a valid envelope of it; each call returns fresh copies. */
  public static Map<String, ObjectNode> all() {
    Map<String, ObjectNode> all = new LinkedHashMap<>();
    guildConfig(all);
    suggestions(all);
    discordFacts(all);
    all.put("SetDirectMessages", user("SetDirectMessages"));
    all.put("SetThreadPings", user("SetThreadPings"));
    return all;
  }

  private static void guildConfig(Map<String, ObjectNode> all) {
    guild(all, "SetGuildToggle", p -> p.put("toggle", "KEEP_LOGS").put("enabled", true));
    guild(all, "SetGuildChannel", p -> p.put("channel", "SUGGESTIONS").put("channelId", CHANNEL));
    guild(all, "SetStaffRoles", p -> p.putArray("roleIds").add("774512099823452161"));
    guild(all, "SetGuildLocale", p -> p.put("locale", "de"));
    guild(all, "SetSuggestionLimit", p -> p.put("amount", 3).put("period", "PT1M"));
    guild(all, "BlockMember", p -> p.put("userId", "42"));
    guild(all, "UnblockMember", p -> p.put("suggestionId", SID));
  }

  private static void suggestions(Map<String, ObjectNode> all) {
    guild(
        all,
        "SubmitSuggestion",
        p ->
            p.put("text", "More emoji, please")
                .put("anonymous", false)
                .putObject("image")
                .put("url", "https://cdn.example/a.png")
                .put("fileName", "a.png")
                .put("sizeBytes", 1024));
    guild(all, "VoteOnSuggestion", p -> p.put("suggestionId", SID).put("direction", "UP"));
    guild(all, "ApproveSuggestion", p -> p.put("suggestionId", SID).put("response", "Yes"));
    guild(all, "RejectSuggestion", p -> p.put("suggestionId", SID).put("response", "No"));
    guild(all, "ClearSuggestion", p -> p.put("suggestionId", SID));
    guild(all, "AddSuggestionNote", p -> p.put("suggestionId", SID).put("note", "Noted"));
    guild(all, "RemoveSuggestionNote", p -> p.put("suggestionId", SID));
  }

  private static void discordFacts(Map<String, ObjectNode> all) {
    guild(
        all,
        "RecordSuggestionMessage",
        p -> p.put("suggestionId", SID).put("channelId", CHANNEL).put("messageId", MESSAGE));
    guild(
        all,
        "RecordSuggestionMessageDeletion",
        p -> p.put("suggestionId", SID).put("messageId", MESSAGE));
    guild(all, "RecordSuggestionThread", p -> p.put("suggestionId", SID).put("threadId", MESSAGE));
    guild(
        all,
        "RecordSuggestionThreadArchival",
        p -> p.put("suggestionId", SID).put("threadId", MESSAGE));
    guild(
        all,
        "RecordQueuedSuggestionMessage",
        p -> p.put("queueId", SID).put("channelId", CHANNEL).put("messageId", MESSAGE));
  }

  private static void guild(Map<String, ObjectNode> all, String type, Consumer<ObjectNode> fields) {
    ObjectNode envelope = envelope(type, GUILD);
    fields.accept(envelope.putObject("payload").put("guildId", GUILD));
    all.put(type, envelope);
  }

  private static ObjectNode user(String type) {
    ObjectNode envelope = envelope(type, null);
    envelope.putObject("payload").put("userId", "42").put("enabled", true);
    return envelope;
  }

  private static ObjectNode envelope(String type, String guild) {
    ObjectNode envelope =
        MAPPER
            .createObjectNode()
            .put("schema", CommandEnvelope.SCHEMA)
            .put("commandId", "1180000000000000777")
            .put("type", type)
            .put("guildId", guild)
            .put("locale", "en-GB")
            .put("guildLocale", "de")
            .put("replyTo", "gateway-0")
            .put("issuedAt", "2026-06-01T08:00:00Z");
    envelope
        .putObject("actor")
        .put("userId", "42")
        .put("permissions", 8)
        .putArray("roleIds")
        .add("774512099823452161");
    return envelope;
  }
}
