package gg.suggestions.eventstore.envelope;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import gg.suggestions.eventstore.contract.ErrorCode;
import gg.suggestions.eventstore.limits.CommandLimits;
import gg.suggestions.eventstore.limits.Limits;
import gg.suggestions.eventstore.privacy.Sealing;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Reads and writes command, reply and interaction envelopes as UTF-8 JSON. Thread-safe.
 *
 * <p>Commands come from outside the command service, so reading one checks every required field and
 * reports all problems at once; a command that cannot be read still yields its requester and id
 * where those are readable, so it can be refused rather than ignored.
 */
public final class CommandCodec {

  private final ObjectMapper mapper;

  public CommandCodec(ObjectMapper mapper) {
    this.mapper = mapper;
  }

  /** The field name an interaction's acting member is sealed under. */
  private static final String INTERACTION_ACTOR = "interaction.actorId";

  public byte[] encode(CommandEnvelope command) {
    return write(command);
  }

  public byte[] encode(ReplyEnvelope reply) {
    return write(reply);
  }

  /**
   * The interaction as its topic keeps it: the acting member sealed with their key (this process's
   * {@link Sealing}), or left out for a forgetting, which would otherwise name the member it
   * forgets (and make them a new key).
   */
  public byte[] encode(InteractionEnvelope interaction) {
    return write(
        interaction.withActorId(
            Sealing.process()
                .sealActor(interaction.type(), INTERACTION_ACTOR, interaction.actorId())));
  }

  /** An interaction read from its topic, its acting member opened (or their pseudonym). */
  public InteractionEnvelope decodeInteraction(byte[] bytes) {
    InteractionEnvelope read;
    try {
      read = mapper.readValue(bytes, InteractionEnvelope.class);
    } catch (IOException e) {
      throw new IllegalArgumentException("Not an interaction envelope: " + e.getMessage(), e);
    }
    return read.actorId() == null
        ? read
        : read.withActorId(Sealing.process().openValue(INTERACTION_ACTOR, read.actorId()));
  }

  public ReplyEnvelope decodeReply(byte[] bytes) {
    try {
      return mapper.readValue(bytes, ReplyEnvelope.class);
    } catch (IOException e) {
      throw new IllegalArgumentException("Not a reply envelope: " + e.getMessage(), e);
    }
  }

  /**
   * @throws MalformedCommandException naming every missing or malformed field, and every value over
   *     the platform's {@link Limits}
   */
  public CommandEnvelope decode(byte[] bytes) {
    JsonNode root = readTree(bytes);
    String commandId = validToken(text(root, "commandId"));
    String replyTo = validToken(text(root, "replyTo"));
    List<String> problems = new ArrayList<>();
    if (bytes.length > Limits.COMMAND_MAX_BYTES) {
      problems.add(
          "the command has " + bytes.length + " bytes; at most " + Limits.COMMAND_MAX_BYTES);
    }
    if (!CommandEnvelope.SCHEMA.equals(text(root, "schema"))) {
      problems.add("schema must be '" + CommandEnvelope.SCHEMA + "'");
    }
    require(commandId, "commandId", problems);
    require(replyTo, "replyTo", problems);
    require(text(root, "type"), "type", problems);
    if (!root.path("payload").isObject()) {
      problems.add("payload is missing or not an object");
    }
    if (text(root.path("actor"), "userId") == null) {
      problems.add("actor.userId is missing");
    }
    problems.addAll(CommandLimits.problems(root));
    if (!problems.isEmpty()) {
      String type = text(root, "type");
      throw new MalformedCommandException(
          type == null || CommandLimits.isKnownType(type)
              ? ErrorCode.INVALID_COMMAND
              : ErrorCode.UNKNOWN_COMMAND,
          "Malformed command"
              + (commandId == null ? "" : " " + commandId)
              + ": "
              + CommandLimits.describe(problems),
          CommandLimits.describe(problems),
          commandId,
          replyTo);
    }
    try {
      return mapper.treeToValue(root, CommandEnvelope.class);
    } catch (JsonProcessingException | IllegalArgumentException e) {
      String problem = unreadableField(e);
      throw new MalformedCommandException(
          "Malformed command " + commandId + ": " + problem, problem, commandId, replyTo);
    }
  }

  private JsonNode readTree(byte[] bytes) {
    try {
      JsonNode root = bytes == null ? null : mapper.readTree(bytes);
      if (root == null || !root.isObject()) {
        throw new MalformedCommandException(
            "Malformed command: not a JSON object", "not a JSON object", null, null);
      }
      return root;
    } catch (IOException e) {
      throw new MalformedCommandException("Malformed command: not JSON", "not JSON", null, null);
    }
  }

  private static String text(JsonNode node, String field) {
    JsonNode value = node.get(field);
    return value != null && value.isTextual() && !value.asText().isBlank() ? value.asText() : null;
  }

  /** Names the field Jackson could not read, without repeating its (possibly hostile) value. */
  private static String unreadableField(Exception e) {
    if (e instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()) {
      String field =
          mapping.getPath().stream()
              .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
              .collect(Collectors.joining("."))
              .replace(".[", "[");
      return Limits.quote(field) + " has the wrong type or format";
    }
    return "the envelope's fields could not be read";
  }

  /** A command id or requester id that may be used to answer: one within the limits. */
  private static String validToken(String value) {
    return Limits.isToken(value) ? value : null;
  }

  private static void require(String value, String field, List<String> problems) {
    if (value == null) {
      problems.add(field + " is missing or empty");
    }
  }

  private byte[] write(Object value) {
    try {
      return mapper.writeValueAsBytes(value);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("Cannot write " + value.getClass().getSimpleName(), e);
    }
  }
}
