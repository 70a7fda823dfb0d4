package gg.suggestions.eventstore.log;

import gg.suggestions.eventstore.envelope.AxonEnvelopes;
import gg.suggestions.eventstore.envelope.CommandCodec;
import gg.suggestions.eventstore.envelope.EnvelopeCodec;
import gg.suggestions.eventstore.envelope.InteractionEnvelope;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.axonframework.eventhandling.GenericTrackedEventMessage;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.messaging.GenericMessage;

/**
 * What one record of a topic becomes for a processor: the messages it carries, each tracked at the
 * position just past the record.
 */
@FunctionalInterface
public interface LogRecords {

  /**
   * @param value the record's bytes
   * @param position the reader's position including this record
   * @param where the record's topic, partition, offset and bytes: every message carries them in its
   *     metadata, so a reader can dead-letter it with its place in the log
   * @throws IllegalArgumentException (or {@code MalformedEnvelopeException}) if the record cannot
   *     be read at all
   */
  List<TrackedEventMessage<?>> messages(
      byte[] value, KafkaTrackingToken position, Map<String, Object> where);

  /**
   * The messages of {@code record}, each with the record's topic, partition, offset and bytes in
   * its metadata; a record that can not be read at all becomes one {@link UnreadableRecord}
   * message, so a reader dead-letters it instead of passing over it unseen. Never throws.
   */
  default List<TrackedEventMessage<?>> read(
      ConsumerRecord<String, byte[]> record, KafkaTrackingToken position) {
    Map<String, Object> where =
        Map.of(
            KafkaEventLogSource.TOPIC, record.topic(),
            KafkaEventLogSource.PARTITION, record.partition(),
            KafkaEventLogSource.OFFSET, record.offset(),
            KafkaEventLogSource.RECORD, record.value() == null ? new byte[0] : record.value());
    try {
      return messages(record.value(), position, where);
    } catch (RuntimeException notAnEnvelope) {
      UnreadableRecords.count(record.topic(), record.partition());
      var unreadable =
          new UnreadableRecord(
              record.topic(), record.partition(), record.offset(), notAnEnvelope.toString());
      var message = new GenericMessage<>(unreadable.id(), unreadable, where);
      Instant at = Instant.ofEpochMilli(Math.max(0, record.timestamp()));
      return List.of(new GenericTrackedEventMessage<>(position, message, () -> at));
    }
  }

  /** Records of the event topic: envelopes, upcast and deserialised into domain events. */
  static LogRecords events(EnvelopeCodec codec, AxonEnvelopes envelopes) {
    return (value, position, where) -> envelopes.toTrackedMessages(value, codec, position, where);
  }

  /**
   * Records of the interaction topic: each an {@link InteractionEnvelope} payload, identified by
   * its command id, stamped with the time it was handled, with its partition (among the rest of its
   * place) in the metadata key {@value KafkaEventLogSource#PARTITION}.
   */
  static LogRecords interactions(CommandCodec codec) {
    return (value, position, where) -> {
      InteractionEnvelope interaction = codec.decodeInteraction(value);
      var message = new GenericMessage<>(interaction.commandId(), interaction, where);
      return List.of(new GenericTrackedEventMessage<>(position, message, interaction::handledAt));
    };
  }
}
