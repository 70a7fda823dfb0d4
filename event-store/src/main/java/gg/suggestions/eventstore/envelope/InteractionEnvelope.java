package gg.suggestions.eventstore.envelope;

import java.time.Instant;

/**
 * One handled command on {@code suggestions.interactions.v1}, on the same partition as its events:
 * the source of locale and usage statistics, and the record of which command ids were handled and
 * what they were answered, so a retried command gets the same reply again.
 *
 * @param schema the format, {@value #SCHEMA}
 * @param commandId the command handled
 * @param type the command's logical type
 * @param guildId the guild, or {@code null}
 * @param actorId who issued it
 * @param locale the actor's locale
 * @param guildLocale the guild's locale, or {@code null}
 * @param outcome {@code accepted}, or the refusal's stable error code, such as {@code 1401}
 * @param latencyMillis from the requester's send to the decision
 * @param handledAt when the command service decided
 * @param reply the reply sent, repeated to any retry
 */
public record InteractionEnvelope(
    String schema,
    String commandId,
    String type,
    String guildId,
    String actorId,
    String locale,
    String guildLocale,
    String outcome,
    long latencyMillis,
    Instant handledAt,
    ReplyEnvelope reply) {

  public static final String SCHEMA = "suggestions.interaction/1";

  /** This interaction with {@code actor} as its acting member (sealed, opened, or none). */
  public InteractionEnvelope withActorId(String actor) {
    return new InteractionEnvelope(
        schema,
        commandId,
        type,
        guildId,
        actor,
        locale,
        guildLocale,
        outcome,
        latencyMillis,
        handledAt,
        reply);
  }

  public static InteractionEnvelope of(CommandEnvelope command, ReplyEnvelope reply) {
    long latency =
        command.issuedAt() == null
            ? 0
            : Math.max(0, reply.handledAt().toEpochMilli() - command.issuedAt().toEpochMilli());
    return new InteractionEnvelope(
        SCHEMA,
        command.commandId(),
        command.type(),
        command.guildId(),
        command.actor().userId(),
        command.locale(),
        command.guildLocale(),
        reply.accepted() ? "accepted" : String.valueOf(reply.errorCode()),
        latency,
        reply.handledAt(),
        reply);
  }
}
