package gg.suggestions.eventstore.registry;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.PropertyAccessor;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import gg.suggestions.eventstore.contract.Contracts;
import gg.suggestions.eventstore.envelope.AxonEnvelopes;
import gg.suggestions.eventstore.envelope.EnvelopeCodec;
import gg.suggestions.eventstore.privacy.Sealing;
import gg.suggestions.eventstore.upcast.EventUpcasters;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.json.JacksonSerializer;

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

  /**
   * Snapshots of aggregates: their fields as JSON, whatever their visibility, since aggregates
   * expose behaviour, not getters. A snapshot is only a cache of the replica: the aggregate's
   * {@code @Revision} names its format, and a snapshot of another revision, or one that does not
   * read, is ignored and the aggregate is rebuilt from its events.
   */
  public static Serializer snapshotSerializer() {
    ObjectMapper fields =
        EnvelopeCodec.defaultMapper()
            .setVisibility(PropertyAccessor.ALL, JsonAutoDetect.Visibility.NONE)
            .setVisibility(PropertyAccessor.FIELD, JsonAutoDetect.Visibility.ANY)
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true);
    return JacksonSerializer.builder().objectMapper(fields).build();
  }

  /** Envelopes sealed and opened by this process's {@link Sealing#process()}. */
  public static AxonEnvelopes envelopes(Serializer serializer) {
    return new AxonEnvelopes(serializer, EventUpcasters.chain(), EnvelopeCodec.defaultMapper());
  }

  /**
   * Envelopes whose personal fields {@code sealing} seals on the way out and opens on the way in.
   */
  public static AxonEnvelopes envelopes(Serializer serializer, Sealing sealing) {
    return new AxonEnvelopes(
        serializer, EventUpcasters.chain(), EnvelopeCodec.defaultMapper(), sealing);
  }
}
