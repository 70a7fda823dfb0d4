package gg.suggestions.eventstore.engine;

import gg.suggestions.eventstore.envelope.AxonEnvelopes;
import gg.suggestions.eventstore.envelope.EnvelopeCodec;
import gg.suggestions.eventstore.envelope.EventEnvelope;
import gg.suggestions.eventstore.replica.KnownIds;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
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
 * commands before it in the same batch did. An aggregate the replica certainly does not hold
 * ({@link KnownIds}) is new: neither loaded nor checked there, so creating one needs no database.
 * Processors never read through this engine: they read the log through {@code KafkaEventLogSource}.
 */
public final class KafkaEventStorageEngine implements EventStorageEngine {

  /** Metadata key of the guild an event belongs to; the loop sets it on every command. */
  public static final String GUILD_ID = "guildId";

  private final EventStorageEngine replica;
  private final KnownIds known;
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
    this(replica, new KnownIds(), envelopes, codec, topic);
  }

  /**
   * @param known which aggregates the replica may hold: one it certainly does not is new, and is
   *     neither read nor checked in the database
   */
  public KafkaEventStorageEngine(
      EventStorageEngine replica,
      KnownIds known,
      AxonEnvelopes envelopes,
      EnvelopeCodec codec,
      String topic) {
    this.replica = replica;
    this.known = known;
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
    DomainEventStream stored =
        fromReplica(
            aggregateIdentifier,
            DomainEventStream.empty(),
            () -> {
              // Read whole, so that a database failure surfaces here and not inside Axon's load.
              List<? extends DomainEventMessage<?>> events =
                  replica.readEvents(aggregateIdentifier, firstSequenceNumber).asStream().toList();
              return DomainEventStream.of(events);
            });
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
        : fromReplica(
            aggregateIdentifier,
            Optional.empty(),
            () -> replica.lastSequenceNumberFor(aggregateIdentifier));
  }

  /**
   * What the replica holds of an aggregate, for the command in the open batch: {@code absent} for
   * an aggregate the replica certainly does not hold (a new one), without asking it; otherwise read
   * once the batch's gate says the replica is current. A database that fails the read refuses this
   * command only ({@link ReplicaUnavailableException}), not the batch. Reads outside a batch (the
   * snapshotter's) go to the replica directly.
   */
  private <T> T fromReplica(String aggregateIdentifier, T absent, Supplier<T> read) {
    Optional<AppendBatch> batch = AppendBatch.current();
    if (batch.isEmpty()) {
      return read.get();
    }
    if (!known.mayHoldAggregate(aggregateIdentifier)) {
      return absent;
    }
    batch.get().beforeReplicaRead();
    try {
      return read.get();
    } catch (RuntimeException e) {
      throw new ReplicaUnavailableException(
          "Reading aggregate " + aggregateIdentifier + " from the replica failed", e);
    }
  }

  /**
   * {@code events} are committed to the log by this node, the only writer of their partition: their
   * sequences are their aggregates' last, and a later append checks against them without reading
   * the replica. Keeps the {@value #RESIDENT_SEQUENCES} aggregates used most recently.
   */
  public void committed(List<EventEnvelope> events) {
    known.addAggregates(events.stream().map(EventEnvelope::aggregateId).toList());
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
    return fromReplica(
        aggregateIdentifier, Optional.empty(), () -> replica.readSnapshot(aggregateIdentifier));
  }

  @Override
  public Stream<? extends TrackedEventMessage<?>> readEvents(
      TrackingToken token, boolean mayBlock) {
    throw new UnsupportedOperationException(
        "Processors read the event log through KafkaEventLogSource, not through the storage engine");
  }
}
