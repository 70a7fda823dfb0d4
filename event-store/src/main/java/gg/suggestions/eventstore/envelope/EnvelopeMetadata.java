package gg.suggestions.eventstore.envelope;

/**
 * Who caused an event and in which context.
 *
 * @param commandId the command that produced the event: the Discord interaction id, or the
 *     idempotency key of an HTTP command
 * @param actorId the Discord user id of the member who acted
 * @param locale the actor's Discord locale, for example {@code en-GB}
 * @param guildLocale the guild's locale, or {@code null} outside a guild
 * @param correlationId the id shared by everything one user action caused
 */
public record EnvelopeMetadata(
    String commandId, String actorId, String locale, String guildLocale, String correlationId) {}
