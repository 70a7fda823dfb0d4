package gg.suggestions.eventstore.envelope;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * One event as it is stored on {@code suggestions.events.v1}: self-describing, so an analytics
 * consumer needs nothing but this JSON to read it.
 *
 * <p>Ordering holds per partition key only. Consumers dedupe on {@link #eventId}, ignore unknown
 * types and unknown payload fields, and read old versions through the documented upcasters.
 *
 * @param schema the envelope format, {@value #SCHEMA}; a new major means a new topic
 * @param eventId deterministic: derived from the command id and the event's index ({@link
 *     EventIds})
 * @param type the logical event type, equal to the contract record's simple name, never a Java
 *     class name
 * @param version the payload's revision, from 1
 * @param aggregateType the aggregate the event belongs to, for example {@code GuildConfig}
 * @param aggregateId the aggregate's id
 * @param sequence the event's position in its aggregate's stream, from 0
 * @param guildId the guild, or {@code null} for user-scoped aggregates
 * @param occurredAt when the command that caused it was handled (UTC), to the microsecond: {@link
 *     #atPlatformPrecision}
 * @param metadata who acted and in which context
 * @param payload the event's fields, as JSON
 */
public record EventEnvelope(
    String schema,
    String eventId,
    String type,
    int version,
    String aggregateType,
    String aggregateId,
    long sequence,
    String guildId,
    Instant occurredAt,
    EnvelopeMetadata metadata,
    JsonNode payload) {

  public static final String SCHEMA = "suggestions.event/1";

  /**
   * {@code at} to the microsecond, PostgreSQL's precision. Events are written at it and read at it
   * (older events in the log may carry nanoseconds), so the live projections, a rebuild and the API
   * all see the same instant: rounding in one store and truncating in another made {@code verify}
   * differ by a microsecond.
   */
  public static Instant atPlatformPrecision(Instant at) {
    return at.truncatedTo(ChronoUnit.MICROS);
  }
}
