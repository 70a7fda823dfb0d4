package gg.suggestions.eventstore.log;

import gg.suggestions.eventstore.envelope.AxonEnvelopes;
import gg.suggestions.eventstore.envelope.CommandCodec;
import gg.suggestions.eventstore.envelope.EnvelopeCodec;
import gg.suggestions.eventstore.envelope.InteractionEnvelope;
import java.util.List;
import org.axonframework.eventhandling.GenericTrackedEventMessage;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.messaging.GenericMessage;
import org.axonframework.messaging.MetaData;

/**
 * What one record of a topic becomes for a processor: the messages it carries, each tracked at the
 * position just past the record.
 */
@FunctionalInterface
public interface LogRecords {

  /**
   * @param partition the record's partition
   * @param value the record's bytes
   * @param position the reader's position including this record
   * @throws IllegalArgumentException (or {@code MalformedEnvelopeException}) if the record cannot
   *     be read at all; the reader logs it with its partition and offset and passes over it
   */
  List<TrackedEventMessage<?>> messages(int partition, byte[] value, KafkaTrackingToken position);

  /** Records of the event topic: envelopes, upcast and deserialised into domain events. */
  static LogRecords events(EnvelopeCodec codec, AxonEnvelopes envelopes) {
    return (partition, value, position) ->
        envelopes.toTrackedMessages(codec.decode(value), position);
  }

  /**
   * Records of the interaction topic: each an {@link InteractionEnvelope} payload, identified by
   * its command id, stamped with the time it was handled, with its partition in the metadata key
   * {@value KafkaEventLogSource#PARTITION}.
   */
  static LogRecords interactions(CommandCodec codec) {
    return (partition, value, position) -> {
      InteractionEnvelope interaction = codec.decodeInteraction(value);
      var message =
          new GenericMessage<>(
              interaction.commandId(),
              interaction,
              MetaData.with(KafkaEventLogSource.PARTITION, partition));
      return List.of(new GenericTrackedEventMessage<>(position, message, interaction::handledAt));
    };
  }
}
