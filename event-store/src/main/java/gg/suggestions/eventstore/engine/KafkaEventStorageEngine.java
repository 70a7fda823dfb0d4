package gg.suggestions.eventstore.engine;

import gg.suggestions.eventstore.envelope.AxonEnvelopes;
import gg.suggestions.eventstore.envelope.EnvelopeCodec;
import gg.suggestions.eventstore.envelope.EventEnvelope;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.DomainEventStream;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.modelling.command.ConcurrencyException;

/**
 * Axon's {@link EventStorageEngine} with the Kafka log as the store of record.
 *
 * <p>An append checks that every event continues its aggregate's stream (the replica plus the
 * events the open batch already holds), then sends the events inside the partition's open
 * transaction, with ids derived from the command. A stale sequence appends nothing of the call.
 * Nothing is visible to anyone until the loop commits the transaction; the replica learns of the
 * events after that commit.
 *
 * <p>Aggregates load from the replica plus the batch's pending events, so a command sees what the
 * commands before it in the same batch did. Processors never read through this engine: they read
 * the log through {@code KafkaEventLogSource}.
 */
public final class KafkaEventStorageEngine implements EventStorageEngine {

  /** Metadata key of the guild an event belongs to; the loop sets it on every command. */
  public static final String GUILD_ID = "guildId";

  private final EventStorageEngine replica;
  private final AxonEnvelopes envelopes;
  private final EnvelopeCodec codec;
  private final String topic;

  /** The last sequence this node committed per aggregate, the most recently used kept. */
  private static final int RESIDENT_SEQUENCES = 100_000;

  private final Map<String, Long> committed =
      new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Long> eldest) {
          return size() > RESIDENT_SEQUENCES;
        }
      };

  /**
   * @param replica Axon's JDBC engine over the local replica, for reads and snapshots
   * @param topic the event topic
   */
  public KafkaEventStorageEngine(
      EventStorageEngine replica, AxonEnvelopes envelopes, EnvelopeCodec codec, String topic) {
    this.replica = replica;
    this.envelopes = envelopes;
    this.codec = codec;
    this.topic = topic;
  }

  @Override
  public void appendEvents(List<? extends EventMessage<?>> events) {
    AppendBatch batch =
        AppendBatch.current()
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        "No open batch on this thread: events are appended only by the command loop"));
    List<DomainEventMessage<?>> checked = checkSequences(events);
    for (DomainEventMessage<?> event : checked) {
      EventEnvelope envelope =
          envelopes.toEnvelope(withId(event, batch.nextEventId()), guildOf(event));
      var record =
          new ProducerRecord<>(
              topic, batch.partition(), partitionKey(envelope), codec.encode(envelope));
      codec.writeHeaders(envelope, record.headers());
      batch.append(envelope, record);
    }
  }

  private List<DomainEventMessage<?>> checkSequences(List<? extends EventMessage<?>> events) {
    Map<String, Long> last = new HashMap<>();
    for (EventMessage<?> event : events) {
      if (!(event instanceof DomainEventMessage<?> domainEvent)) {
        throw new IllegalArgumentException(
            "Only aggregate events are stored; "
                + event.getPayloadType().getSimpleName()
                + " is not one");
      }
      String id = domainEvent.getAggregateIdentifier();
      long expected = last.computeIfAbsent(id, this::lastSequence) + 1;
      if (domainEvent.getSequenceNumber() != expected) {
        throw new ConcurrencyException(
            String.format(
                "Aggregate %s %s is at sequence %d: event %s with sequence %d was not appended",
                domainEvent.getType(),
                id,
                expected - 1,
                domainEvent.getPayloadType().getSimpleName(),
                domainEvent.getSequenceNumber()));
      }
      last.put(id, expected);
    }
    return events.stream().<DomainEventMessage<?>>map(e -> (DomainEventMessage<?>) e).toList();
  }

  private long lastSequence(String aggregateId) {
    return lastSequenceNumberFor(aggregateId).orElse(-1L);
  }

  private static DomainEventMessage<?> withId(DomainEventMessage<?> event, String eventId) {
    return new GenericDomainEventMessage<>(
        event.getType(),
        event.getAggregateIdentifier(),
        event.getSequenceNumber(),
        event.getPayload(),
        event.getMetaData(),
        eventId,
        EventEnvelope.atPlatformPrecision(event.getTimestamp()));
  }

  private static String guildOf(DomainEventMessage<?> event) {
    Object guild = event.getMetaData().get(GUILD_ID);
    return guild == null ? null : guild.toString();
  }

  /** Guild-scoped aggregates are keyed by guild; the others by their own id. */
  private static String partitionKey(EventEnvelope envelope) {
    return envelope.guildId() != null ? envelope.guildId() : envelope.aggregateId();
  }

  @Override
  public DomainEventStream readEvents(String aggregateIdentifier, long firstSequenceNumber) {
    DomainEventStream stored = replica.readEvents(aggregateIdentifier, firstSequenceNumber);
    List<DomainEventMessage<?>> pending =
        AppendBatch.current().stream()
            .flatMap(b -> b.pendingFor(aggregateIdentifier, firstSequenceNumber).stream())
            .flatMap(e -> envelopes.toMessages(e).stream())
            .toList();
    return pending.isEmpty()
        ? stored
        : DomainEventStream.concat(stored, DomainEventStream.of(pending));
  }

  @Override
  public Optional<Long> lastSequenceNumberFor(String aggregateIdentifier) {
    Optional<Long> pending =
        AppendBatch.current().flatMap(b -> b.lastSequence(aggregateIdentifier));
    if (pending.isPresent()) {
      return pending;
    }
    Long resident;
    synchronized (committed) {
      resident = committed.get(aggregateIdentifier);
    }
    return resident != null
        ? Optional.of(resident)
        : replica.lastSequenceNumberFor(aggregateIdentifier);
  }

  /**
   * {@code events} are committed to the log by this node, the only writer of their partition: their
   * sequences are their aggregates' last, and a later append checks against them without reading
   * the replica. Keeps the {@value #RESIDENT_SEQUENCES} aggregates used most recently.
   */
  public void committed(List<EventEnvelope> events) {
    synchronized (committed) {
      events.forEach(e -> committed.merge(e.aggregateId(), e.sequence(), Math::max));
    }
  }

  /**
   * Forgets the sequences {@link #committed} kept: when this node's view may be behind the log (a
   * partition caught up or taken over) or ahead of it (a batch that did not commit).
   */
  public void forgetCommitted() {
    synchronized (committed) {
      committed.clear();
    }
  }

  @Override
  public void storeSnapshot(DomainEventMessage<?> snapshot) {
    replica.storeSnapshot(snapshot);
  }

  @Override
  public Optional<DomainEventMessage<?>> readSnapshot(String aggregateIdentifier) {
    return replica.readSnapshot(aggregateIdentifier);
  }

  @Override
  public Stream<? extends TrackedEventMessage<?>> readEvents(
      TrackingToken token, boolean mayBlock) {
    throw new UnsupportedOperationException(
        "Processors read the event log through KafkaEventLogSource, not through the storage engine");
  }
}
