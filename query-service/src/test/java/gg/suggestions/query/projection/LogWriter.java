package gg.suggestions.query.projection;

import com.fasterxml.jackson.databind.JsonNode;
import gg.suggestions.eventstore.envelope.AxonEnvelopes;
import gg.suggestions.eventstore.envelope.EnvelopeCodec;
import gg.suggestions.eventstore.envelope.EnvelopeMetadata;
import gg.suggestions.eventstore.envelope.EventEnvelope;
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
  private final AxonEnvelopes envelopes =
      EventSerialization.envelopes(EventSerialization.serializer());

  public LogWriter(String bootstrapServers) {
    producer =
        new KafkaProducer<>(
            Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers),
            new StringSerializer(),
            new ByteArraySerializer());
  }

  /** Writes {@code payload} as event {@code sequence} of the aggregate; returns its envelope. */
  public EventEnvelope write(
      String guildId, String aggregateType, String aggregateId, long sequence, Object payload) {
    EventEnvelope envelope =
        envelopes.toEnvelope(
            new GenericDomainEventMessage<>(aggregateType, aggregateId, sequence, payload),
            guildId);
    return write(envelope);
  }

  /** Writes an envelope as it is, such as one no contract of this build reads. */
  public EventEnvelope write(EventEnvelope envelope) {
    try {
      producer
          .send(
              new ProducerRecord<>(
                  SuggestionTopics.EVENTS, envelope.guildId(), codec.encode(envelope)))
          .get();
      return envelope;
    } catch (Exception e) {
      throw new IllegalStateException("Cannot write event " + envelope.eventId(), e);
    }
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
