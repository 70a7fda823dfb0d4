package gg.suggestions.eventstore.envelope;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import gg.suggestions.eventstore.contract.Contracts;
import gg.suggestions.eventstore.contract.guildconfig.GuildToggle;
import gg.suggestions.eventstore.contract.guildconfig.GuildToggleSet;
import gg.suggestions.eventstore.registry.EventTypeRegistry;
import gg.suggestions.eventstore.registry.LogicalTypeSerializer;
import gg.suggestions.eventstore.upcast.EventUpcasters;
import java.time.Instant;
import java.util.Map;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.messaging.MetaData;
import org.axonframework.serialization.UnknownSerializedType;
import org.junit.jupiter.api.Test;

class AxonEnvelopesTest {

  private final ObjectMapper mapper = EnvelopeCodec.defaultMapper();
  private final EnvelopeCodec codec = new EnvelopeCodec(mapper);
  private final AxonEnvelopes envelopes =
      new AxonEnvelopes(
          LogicalTypeSerializer.create(EventTypeRegistry.of(Contracts.events()), mapper),
          EventUpcasters.chain(),
          mapper);

  private final DomainEventMessage<GuildToggleSet> message =
      new GenericDomainEventMessage<>(
          "GuildConfig",
          "601",
          7,
          new GuildToggleSet("601", GuildToggle.ANONYMOUS_SUGGESTIONS, true),
          MetaData.from(Map.of("commandId", "cmd-9", "actorId", "42", "locale", "fr")),
          EventIds.of("cmd-9", 0),
          Instant.parse("2026-06-01T08:00:00Z"));

  @Test
  void writesLogicalTypesAndVersionsNeverClassNames() {
    EventEnvelope envelope = envelopes.toEnvelope(message, "601");

    assertThat(envelope.type()).isEqualTo("GuildToggleSet");
    assertThat(envelope.version()).isEqualTo(1);
    assertThat(new String(codec.encode(envelope))).doesNotContain("gg.suggestions");
    assertThat(envelope.metadata())
        .isEqualTo(new EnvelopeMetadata("cmd-9", "42", "fr", null, null));
  }

  @Test
  void aMessageSurvivesTheLogUnchanged() {
    byte[] onTheLog = codec.encode(envelopes.toEnvelope(message, "601"));

    DomainEventMessage<?> read = envelopes.toMessages(codec.decode(onTheLog)).get(0);

    assertThat(read.getPayload()).isEqualTo(message.getPayload());
    assertThat(read.getIdentifier()).isEqualTo(message.getIdentifier());
    assertThat(read.getAggregateIdentifier()).isEqualTo("601");
    assertThat(read.getSequenceNumber()).isEqualTo(7);
    assertThat(read.getTimestamp()).isEqualTo(message.getTimestamp());
    assertThat(read.getMetaData()).isEqualTo(message.getMetaData());
  }

  @Test
  void anUnknownTypeReadsAsUnknownInsteadOfFailing() {
    EventEnvelope envelope = envelopes.toEnvelope(message, "601");
    EventEnvelope fromTheFuture =
        new EventEnvelope(
            envelope.schema(),
            envelope.eventId(),
            "SuggestionTeleported",
            3,
            envelope.aggregateType(),
            envelope.aggregateId(),
            envelope.sequence(),
            envelope.guildId(),
            envelope.occurredAt(),
            envelope.metadata(),
            ((ObjectNode) envelope.payload()).put("where", "moon"));

    DomainEventMessage<?> read = envelopes.toMessages(fromTheFuture).get(0);

    assertThat(read.getPayloadType()).isEqualTo(UnknownSerializedType.class);
  }
}
