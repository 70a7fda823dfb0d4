package gg.suggestions.query.projection;

import com.fasterxml.jackson.databind.JsonNode;
import gg.suggestions.eventstore.envelope.AxonEnvelopes;
import gg.suggestions.eventstore.envelope.CommandCodec;
import gg.suggestions.eventstore.envelope.EnvelopeCodec;
import gg.suggestions.eventstore.envelope.EnvelopeMetadata;
import gg.suggestions.eventstore.envelope.EventEnvelope;
import gg.suggestions.eventstore.envelope.InteractionEnvelope;
import gg.suggestions.eventstore.registry.EventSerialization;
import gg.suggestions.eventstore.topic.SuggestionTopics;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.axonframework.eventhandling.GenericDomainEventMessage;

/** Writes event envelopes to the event topic, as the command side would, keyed by guild. */
public final class LogWriter implements AutoCloseable {

  private final KafkaProducer<String, byte[]> producer;
  private final EnvelopeCodec codec = new EnvelopeCodec();
  private final CommandCodec commands = new CommandCodec(EnvelopeCodec.defaultMapper());
  private final AxonEnvelopes envelopes =
      EventSerialization.envelopes(EventSerialization.serializer());

  public LogWriter(String bootstrapServers) {
    producer =
        new KafkaProducer<>(
            Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrapServers,
                // Order per key even with many sends in flight.
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
                true,
                // One batch in flight per broker: a batch refused by a partition whose leadership
                // is still settling right after the topics were made was seen to leave the next
                // batches out of sequence, retried forever (a CI run of BootstrapIT).
                ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION,
                1),
            new StringSerializer(),
            new ByteArraySerializer());
  }

  /** Writes {@code payload} as event {@code sequence} of the aggregate; returns its envelope. */
  public EventEnvelope write(
      String guildId, String aggregateType, String aggregateId, long sequence, Object payload) {
    return write(
        envelopes.toEnvelope(
            new GenericDomainEventMessage<>(aggregateType, aggregateId, sequence, payload),
            guildId));
  }

  /** Writes an envelope as it is, such as one no contract of this build reads. */
  public EventEnvelope write(EventEnvelope envelope) {
    send(envelope);
    flush();
    return envelope;
  }

  /** Sends an envelope without waiting for it; {@link #flush} waits for every send. */
  public EventEnvelope send(EventEnvelope envelope) {
    producer.send(
        new ProducerRecord<>(SuggestionTopics.EVENTS, envelope.guildId(), codec.encode(envelope)));
    return envelope;
  }

  /** Sends {@code payload} as event {@code sequence} of the aggregate without waiting. */
  public EventEnvelope send(
      String guildId, String aggregateType, String aggregateId, long sequence, Object payload) {
    return send(
        envelopes.toEnvelope(
            new GenericDomainEventMessage<>(aggregateType, aggregateId, sequence, payload),
            guildId));
  }

  /** Sends an interaction record, keyed by its guild, without waiting. */
  public void send(InteractionEnvelope interaction) {
    producer.send(
        new ProducerRecord<>(
            SuggestionTopics.INTERACTIONS, interaction.guildId(), commands.encode(interaction)));
  }

  /** Waits until everything sent so far is acknowledged. */
  public void flush() {
    producer.flush();
  }

  /** An envelope of {@code type} with the raw {@code payload}, not checked against any contract. */
  public static EventEnvelope raw(
      String guildId,
      String type,
      String aggregateType,
      String aggregateId,
      long sequence,
      JsonNode payload) {
    return new EventEnvelope(
        EventEnvelope.SCHEMA,
        UUID.randomUUID().toString(),
        type,
        1,
        aggregateType,
        aggregateId,
        sequence,
        guildId,
        Instant.now(),
        new EnvelopeMetadata("test", "1", "en-GB", null, "test"),
        payload);
  }

  @Override
  public void close() {
    producer.close();
  }
}
