package gg.suggestions.eventstore.envelope;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import gg.suggestions.eventstore.contract.Contracts;
import gg.suggestions.eventstore.contract.guildconfig.GuildToggle;
import gg.suggestions.eventstore.contract.guildconfig.GuildToggleSet;
import gg.suggestions.eventstore.contract.guildconfig.MemberBlocked;
import gg.suggestions.eventstore.contract.guildconfig.StaffRolesSet;
import gg.suggestions.eventstore.contract.suggestion.SuggestionImage;
import gg.suggestions.eventstore.contract.suggestion.SuggestionSubmitted;
import gg.suggestions.eventstore.contract.suggestion.VoteCast;
import gg.suggestions.eventstore.contract.suggestion.VoteDirection;
import gg.suggestions.eventstore.registry.EventTypeRegistry;
import gg.suggestions.eventstore.registry.LogicalTypeSerializer;
import gg.suggestions.eventstore.upcast.EventUpcasters;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventhandling.GlobalSequenceTrackingToken;
import org.axonframework.eventhandling.TrackedEventMessage;
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

  /**
   * Reading a record straight from its bytes gives the message a tree of it gives: sealed fields
   * opened (nested too), forgotten members' fields removed or pseudonymous, values in arrays and
   * unknown fields left alone, tampered or sealed-looking values read alike, with the record's
   * place added to the metadata.
   */
  @Test
  void readingFromTheBytesEqualsReadingTheTree() throws Exception {
    var keys = new gg.suggestions.testing.InMemoryKeys();
    var sealing =
        gg.suggestions.eventstore.privacy.Sealing.with(keys, new java.security.SecureRandom());
    var sealed =
        new AxonEnvelopes(
            LogicalTypeSerializer.create(EventTypeRegistry.of(Contracts.events()), mapper),
            EventUpcasters.chain(),
            mapper,
            sealing);
    SplittableRandom random = new SplittableRandom(77);
    String[] members = {"100000000000000001", "100000000000000002", "100000000000000003"};
    Map<String, Object> where = Map.of("topic", "events", "partition", 3);
    for (int i = 0; i < 3_000; i++) {
      String author = members[random.nextInt(members.length)];
      String other = members[random.nextInt(members.length)];
      Object payload =
          switch (random.nextInt(4)) {
            case 0 ->
                new SuggestionSubmitted(
                    "601",
                    "s" + i,
                    author,
                    "idea " + i,
                    random.nextBoolean()
                        ? new SuggestionImage("https://cdn.example/" + i + ".png", i + ".png", i)
                        : null,
                    random.nextBoolean());
            case 1 -> new VoteCast("601", "s" + i, author, VoteDirection.UP);
            case 2 -> new MemberBlocked("601", author, other);
            default -> new StaffRolesSet("601", List.of("1", "2"));
          };
      EventEnvelope envelope =
          sealed.toEnvelope(
              new GenericDomainEventMessage<>(
                  "GuildConfig",
                  "601",
                  i,
                  payload,
                  MetaData.from(Map.of("commandId", "c" + i, "actorId", author))),
              "601");
      ObjectNode tree = (ObjectNode) mapper.readTree(codec.encode(envelope));
      ObjectNode body = (ObjectNode) tree.get("payload");
      String sealedText = body.path("authorId").asText(body.path("voterId").asText("enc:v1:x"));
      switch (random.nextInt(6)) {
        case 0 -> body.put("guildId", sealedText); // ciphertext moved into a plain field
        case 1 -> body.putArray("roleIds").add(sealedText); // in an array: left as it is
        case 2 -> body.putObject("unknown").put("deep", sealedText); // unknown, nested
        case 3 -> body.put("authorId", "enc:v1:" + random.nextInt()); // sealed-looking junk
        case 4 -> keys.forget(members[random.nextInt(members.length)]);
        default -> {}
      }
      byte[] bytes = mapper.writeValueAsBytes(tree);

      var fromBytes =
          (DomainEventMessage<?>)
              sealed
                  .toTrackedMessages(bytes, codec, new GlobalSequenceTrackingToken(i), where)
                  .get(0);
      DomainEventMessage<?> fromTree = sealed.toMessages(codec.decode(bytes)).get(0);

      assertThat(fromBytes.getPayload()).as(tree.toString()).isEqualTo(fromTree.getPayload());
      assertThat(fromBytes.getMetaData()).isEqualTo(fromTree.getMetaData().mergedWith(where));
      assertThat(fromBytes.getIdentifier()).isEqualTo(fromTree.getIdentifier());
      assertThat(fromBytes.getSequenceNumber()).isEqualTo(fromTree.getSequenceNumber());
      // Axon's stored form keeps milliseconds; read from the bytes, the envelope's microseconds.
      assertThat(fromBytes.getTimestamp()).isEqualTo(codec.decode(bytes).occurredAt());
      assertThat(((TrackedEventMessage<?>) fromBytes).trackingToken())
          .isEqualTo(new GlobalSequenceTrackingToken(i));
    }
  }
}
