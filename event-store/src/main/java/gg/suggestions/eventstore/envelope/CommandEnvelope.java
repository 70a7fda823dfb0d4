package gg.suggestions.eventstore.envelope;

import com.fasterxml.jackson.databind.JsonNode;
import gg.suggestions.eventstore.contract.Actor;
import java.time.Instant;

/**
 * A command on {@code suggestions.commands.v1}, from the gateway or the HTTP endpoint, keyed by its
 * partition key so it lands on the partition whose events it writes.
 *
 * @param schema the format, {@value #SCHEMA}
 * @param commandId the Discord interaction id, or the HTTP idempotency key: a command with an id
 *     already handled is answered again and changes nothing
 * @param type the command's logical type, its contract record's simple name
 * @param guildId the guild, or {@code null} for a user's own settings
 * @param payload the command's fields
 * @param actor who issued it, with their permissions at that moment
 * @param locale the actor's Discord locale
 * @param guildLocale the guild's Discord locale, or {@code null}
 * @param replyTo the requester id the reply is keyed by on {@code suggestions.replies.v1}
 * @param issuedAt when the requester sent it
 */
public record CommandEnvelope(
    String schema,
    String commandId,
    String type,
    String guildId,
    JsonNode payload,
    Actor actor,
    String locale,
    String guildLocale,
    String replyTo,
    Instant issuedAt) {

  public static final String SCHEMA = "suggestions.command/1";

  /**
   * The record key: the guild for guild-scoped commands, {@code user:<id>} for a user's own
   * settings. Commands and their events share it, so a command lands on its events' partition.
   */
  public String partitionKey() {
    return guildId != null ? guildId : "user:" + actor.userId();
  }

  /** This command, answered to {@code requester}. */
  public CommandEnvelope withReplyTo(String requester) {
    return new CommandEnvelope(
        schema, commandId, type, guildId, payload, actor, locale, guildLocale, requester, issuedAt);
  }
}
