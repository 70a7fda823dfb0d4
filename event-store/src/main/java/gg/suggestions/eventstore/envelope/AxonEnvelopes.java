package gg.suggestions.eventstore.envelope;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import gg.suggestions.eventstore.privacy.Sealing;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.axonframework.eventhandling.DomainEventData;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventUtils;
import org.axonframework.eventhandling.GenericDomainEventEntry;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventhandling.GenericTrackedDomainEventMessage;
import org.axonframework.eventhandling.GenericTrackedEventMessage;
import org.axonframework.eventhandling.TrackedDomainEventData;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.EventStreamUtils;
import org.axonframework.messaging.MetaData;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.SimpleSerializedType;
import org.axonframework.serialization.UnknownSerializedType;
import org.axonframework.serialization.upcasting.event.EventUpcaster;

/**
 * Converts between envelopes on the log and Axon's domain event messages. Reading goes through the
 * upcaster chain, so every stored version arrives as the current contract class; an upcaster may
 * also drop or split an event, hence a list.
 */
public final class AxonEnvelopes {

  private final Serializer serializer;
  private final EventUpcaster upcasters;
  private final ObjectMapper mapper;

  /** The field name the acting member's id is sealed under, in the metadata. */
  private static final String ACTOR = "metadata.actorId";

  private final Sealing sealing;
  private final Map<String, Optional<Class<?>>> currentClasses = new ConcurrentHashMap<>();

  /** Envelopes sealed and opened by this process's {@link Sealing#process()}. */
  public AxonEnvelopes(Serializer serializer, EventUpcaster upcasters, ObjectMapper mapper) {
    this(serializer, upcasters, mapper, null);
  }

  /**
   * @param sealing seals personal fields of the envelopes made here and opens them in the messages
   *     read here (the envelopes read stay sealed); null for this process's
   */
  public AxonEnvelopes(
      Serializer serializer, EventUpcaster upcasters, ObjectMapper mapper, Sealing sealing) {
    this.serializer = serializer;
    this.upcasters = upcasters;
    this.mapper = mapper;
    this.sealing = sealing;
  }

  /** The stored form Axon reads, with the payload and metadata as JSON bytes. */
  public DomainEventData<byte[]> toEventData(EventEnvelope envelope) {
    return new GenericDomainEventEntry<>(
        envelope.aggregateType(),
        envelope.aggregateId(),
        envelope.sequence(),
        envelope.eventId(),
        envelope.occurredAt(),
        envelope.type(),
        Integer.toString(envelope.version()),
        json(envelope.payload()),
        json(mapper.valueToTree(metaData(envelope.metadata(), false))));
  }

  /**
   * The envelope as Axon's event data with the JSON trees it was read into (its personal fields
   * opened), so the serializer reads the payload from the tree instead of writing it to bytes and
   * parsing them again.
   */
  private DomainEventData<JsonNode> toTreeData(EventEnvelope envelope) {
    return new GenericDomainEventEntry<>(
        envelope.aggregateType(),
        envelope.aggregateId(),
        envelope.sequence(),
        envelope.eventId(),
        envelope.occurredAt(),
        envelope.type(),
        Integer.toString(envelope.version()),
        sealing().open(envelope.payload()),
        mapper.valueToTree(metaData(envelope.metadata(), true)));
  }

  /** The envelope upcast to the current version and deserialised. */
  public List<DomainEventMessage<?>> toMessages(EventEnvelope envelope) {
    return EventStreamUtils.upcastAndDeserializeDomainEvents(
            Stream.of(toTreeData(envelope)), serializer, upcasters)
        .asStream()
        .<DomainEventMessage<?>>map(message -> message)
        .toList();
  }

  /**
   * The envelope in {@code record} read from the log at {@code token}, upcast and deserialised. A
   * payload of its type's current version is bound to its contract class straight from the record's
   * bytes, its sealed values opened as they are read (as {@link #toMessages} would read it, without
   * a tree of the record); any other (an older version that needs upcasting, an unknown type, a
   * payload that does not read) goes through Axon's upcasting and lazy deserialisation, so an
   * unreadable payload fails only where a handler reads it.
   *
   * @param where added to each message's metadata (the record's place in the log)
   * @throws MalformedEnvelopeException if the record is no envelope ({@link EnvelopeCodec#decode})
   */
  public List<TrackedEventMessage<?>> toTrackedMessages(
      byte[] record, EnvelopeCodec codec, TrackingToken token, Map<String, ?> where) {
    EnvelopeCodec.Framed framed = codec.frame(record);
    EventEnvelope head = framed.head();
    Class<?> current = currentClass(head.type(), head.version());
    if (current != null) {
      try (JsonParser payload = sealing().opening(framed.payload(mapper))) {
        Object value = mapper.readValue(payload, current);
        return List.of(tracked(head, value, token, where));
      } catch (IOException | RuntimeException unreadable) {
        // The slow path defers the failure to the handler that reads the payload.
      }
    }
    return upcastAndDeserialize(framed.envelope(mapper), token).stream()
        .<TrackedEventMessage<?>>map(message -> placed(message, where))
        .toList();
  }

  private static TrackedEventMessage<?> placed(
      TrackedEventMessage<?> message, Map<String, ?> where) {
    // andMetaData of a tracked message may return an untracked one: wrap again with the token.
    if (message instanceof DomainEventMessage<?> domain) {
      return new GenericTrackedDomainEventMessage<>(
          message.trackingToken(), domain.andMetaData(where));
    }
    return new GenericTrackedEventMessage<>(message.trackingToken(), message.andMetaData(where));
  }

  private TrackedEventMessage<?> tracked(
      EventEnvelope envelope, Object payload, TrackingToken token, Map<String, ?> where) {
    Map<String, Object> metaData = metaData(envelope.metadata(), true);
    metaData.putAll(where);
    return new GenericTrackedDomainEventMessage<>(
        token,
        new GenericDomainEventMessage<>(
            envelope.aggregateType(),
            envelope.aggregateId(),
            envelope.sequence(),
            payload,
            metaData,
            envelope.eventId(),
            envelope.occurredAt()));
  }

  /** The member who acted, opened: their id, or their pseudonym once forgotten; null if none. */
  private String actorOf(EnvelopeMetadata metadata) {
    String actor = metadata == null ? null : metadata.actorId();
    return actor == null ? null : sealing().openValue(ACTOR, actor);
  }

  /** The member who acted on {@code event}, opened by this process's {@link Sealing#process()}. */
  public static String actorOf(EventEnvelope event) {
    String actor = event.metadata() == null ? null : event.metadata().actorId();
    return actor == null ? null : Sealing.process().openValue(ACTOR, actor);
  }

  private Sealing sealing() {
    return sealing != null ? sealing : Sealing.process();
  }

  /** The contract class of {@code type} if {@code version} is its current one; else null. */
  private Class<?> currentClass(String type, int version) {
    return currentClasses
        .computeIfAbsent(
            type + "/" + version,
            key -> {
              Class<?> cls =
                  serializer.classForType(
                      new SimpleSerializedType(type, Integer.toString(version)));
              if (UnknownSerializedType.class.equals(cls)) {
                return Optional.empty();
              }
              String revision = serializer.typeForClass(cls).getRevision();
              return Integer.toString(version).equals(revision)
                  ? Optional.of(cls)
                  : Optional.empty();
            })
        .orElse(null);
  }

  private List<TrackedEventMessage<?>> upcastAndDeserialize(
      EventEnvelope envelope, TrackingToken token) {
    return EventUtils.upcastAndDeserializeTrackedEvents(
            Stream.of(new TrackedDomainEventData<>(token, toTreeData(envelope))),
            serializer,
            upcasters)
        .<TrackedEventMessage<?>>map(message -> message)
        .toList();
  }

  /**
   * The envelope of a message about to be appended.
   *
   * @param guildId the guild the aggregate belongs to, or {@code null} for user-scoped ones
   */
  public EventEnvelope toEnvelope(DomainEventMessage<?> message, String guildId) {
    SerializedObject<JsonNode> payload = serializer.serialize(message.getPayload(), JsonNode.class);
    sealing().seal(message.getPayloadType(), payload.getData());
    MetaData meta = message.getMetaData();
    return new EventEnvelope(
        EventEnvelope.SCHEMA,
        message.getIdentifier(),
        payload.getType().getName(),
        Integer.parseInt(payload.getType().getRevision()),
        message.getType(),
        message.getAggregateIdentifier(),
        message.getSequenceNumber(),
        guildId,
        message.getTimestamp(),
        new EnvelopeMetadata(
            text(meta, "commandId"),
            sealing().sealActor(payload.getType().getName(), ACTOR, text(meta, "actorId")),
            text(meta, "locale"),
            text(meta, "guildLocale"),
            text(meta, "correlationId")),
        payload.getData());
  }

  /** The metadata as Axon's, the acting member opened or (for the replica) left sealed. */
  private Map<String, Object> metaData(EnvelopeMetadata metadata, boolean open) {
    Map<String, Object> values = new HashMap<>();
    if (metadata != null) {
      putIfPresent(values, "commandId", metadata.commandId());
      putIfPresent(values, "actorId", open ? actorOf(metadata) : metadata.actorId());
      putIfPresent(values, "locale", metadata.locale());
      putIfPresent(values, "guildLocale", metadata.guildLocale());
      putIfPresent(values, "correlationId", metadata.correlationId());
    }
    return values;
  }

  private static void putIfPresent(Map<String, Object> values, String key, String value) {
    if (value != null) {
      values.put(key, value);
    }
  }

  private static String text(MetaData meta, String key) {
    Object value = meta.get(key);
    return value == null ? null : value.toString();
  }

  private byte[] json(JsonNode node) {
    try {
      return mapper.writeValueAsBytes(node);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalArgumentException("Cannot write JSON", e);
    }
  }
}
