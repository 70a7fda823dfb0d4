package gg.suggestions.gateway.effects;

import gg.suggestions.eventstore.deadletter.SafeText;
import gg.suggestions.eventstore.envelope.AxonEnvelopes;
import gg.suggestions.eventstore.envelope.EnvelopeCodec;
import gg.suggestions.eventstore.envelope.EventEnvelope;
import gg.suggestions.eventstore.limits.Limits;
import gg.suggestions.eventstore.log.UnreadableRecords;
import gg.suggestions.eventstore.registry.EventSerialization;
import gg.suggestions.eventstore.retry.RetryLog;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.axonframework.eventhandling.DomainEventMessage;

/**
 * Reads a record of the event log into what the effects need, and tells a record no effect can use
 * (garbage, no envelope, ids no Discord or query API call can carry) from one that merely waits for
 * Discord or the query API.
 */
final class EffectRecords {

  /** A record whose effects can be carried out: its envelope, printable event id and payloads. */
  record Read(EventEnvelope event, String eventId, List<Object> payloads) {}

  /** A record no effect can use; {@code eventId} is printable, or null if unknown. */
  static final class Unusable extends RuntimeException {
    final String eventId;

    Unusable(String eventId, String reason) {
      super(reason, null, false, false);
      this.eventId = eventId;
    }
  }

  private final EnvelopeCodec codec = new EnvelopeCodec();
  private final AxonEnvelopes envelopes =
      EventSerialization.envelopes(EventSerialization.serializer());

  /**
   * @throws Unusable if the record is no envelope, its payload does not read, or an id in it can
   *     not be one; an unknown type reads as no payloads
   */
  Read read(ConsumerRecord<String, byte[]> record) {
    EventEnvelope event;
    try {
      event = codec.decode(record.value());
    } catch (RuntimeException notAnEnvelope) {
      UnreadableRecords.count(record.topic(), record.partition());
      throw new Unusable(null, RetryLog.reason(notAnEnvelope));
    }
    String eventId = SafeText.printable(event.eventId(), 80);
    check(eventId, problem(event));
    List<Object> payloads = new ArrayList<>();
    try {
      for (DomainEventMessage<?> message : envelopes.toMessages(event)) {
        payloads.add(message.getPayload());
      }
    } catch (RuntimeException unreadable) {
      throw new Unusable(eventId, RetryLog.reason(unreadable));
    }
    for (Object payload : payloads) {
      check(eventId, idProblem(payload));
    }
    return new Read(event, eventId, payloads);
  }

  /**
   * Whether {@code failure} of an effect is the record's fault, so that it would fail the same way
   * on every retry: the exceptions of bad data (a value no URL, number or list takes). Anything
   * else (Discord, the query API, the command service) is transient and retried.
   */
  static boolean isRecordFault(RuntimeException failure) {
    return failure instanceof IllegalArgumentException
        || failure instanceof NullPointerException
        || failure instanceof ClassCastException
        || failure instanceof IndexOutOfBoundsException
        || failure instanceof ArithmeticException
        || failure instanceof java.time.DateTimeException;
  }

  private static void check(String eventId, String problem) {
    if (problem != null) {
      throw new Unusable(eventId, problem);
    }
  }

  private static String problem(EventEnvelope event) {
    if (event.guildId() != null && !Limits.isSnowflake(event.guildId())) {
      return "guildId " + Limits.quote(event.guildId()) + " is not a Discord id";
    }
    String id = SafeText.idProblem(event.eventId());
    if (id != null) {
      return "eventId " + id;
    }
    id = SafeText.idProblem(event.aggregateId());
    return id == null ? null : "aggregateId " + Limits.quote(event.aggregateId()) + " " + id;
  }

  /** The first id of {@code payload} (a text component named {@code *Id}) no call can carry. */
  private static String idProblem(Object payload) {
    if (!payload.getClass().isRecord()) {
      return null;
    }
    for (RecordComponent component : payload.getClass().getRecordComponents()) {
      if (component.getType() == String.class && component.getName().endsWith("Id")) {
        String value = (String) value(component, payload);
        if (value != null && Limits.shortId(component.getName(), value).isPresent()) {
          return Limits.shortId(component.getName(), value).get();
        }
      }
    }
    return null;
  }

  private static Object value(RecordComponent component, Object record) {
    try {
      return component.getAccessor().invoke(record);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(e);
    }
  }
}
