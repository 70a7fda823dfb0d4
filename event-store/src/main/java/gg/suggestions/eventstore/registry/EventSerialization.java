package gg.suggestions.eventstore.registry;

import gg.suggestions.eventstore.contract.Contracts;
import gg.suggestions.eventstore.envelope.AxonEnvelopes;
import gg.suggestions.eventstore.envelope.EnvelopeCodec;
import gg.suggestions.eventstore.upcast.EventUpcasters;
import org.axonframework.serialization.Serializer;

/**
 * The platform's one way of turning events into bytes and back: every published contract, the
 * logical-type serializer and the upcaster chain. Writers and readers build from here so they
 * cannot disagree.
 */
public final class EventSerialization {

  private EventSerialization() {}

  public static Serializer serializer() {
    return LogicalTypeSerializer.create(
        EventTypeRegistry.of(Contracts.events()), EnvelopeCodec.defaultMapper());
  }

  public static AxonEnvelopes envelopes(Serializer serializer) {
    return new AxonEnvelopes(serializer, EventUpcasters.chain(), EnvelopeCodec.defaultMapper());
  }
}
