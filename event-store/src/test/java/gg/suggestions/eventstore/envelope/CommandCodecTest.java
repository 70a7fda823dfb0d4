package gg.suggestions.eventstore.envelope;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import gg.suggestions.eventstore.contract.Actor;
import gg.suggestions.eventstore.contract.ErrorCode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class CommandCodecTest {

  private final CommandCodec codec = new CommandCodec(EnvelopeCodec.defaultMapper());

  private final CommandEnvelope command =
      new CommandEnvelope(
          CommandEnvelope.SCHEMA,
          "1234567890123456789",
          "SetGuildToggle",
          "601",
          EnvelopeCodec.defaultMapper()
              .createObjectNode()
              .put("toggle", "KEEP_LOGS")
              .put("enabled", true),
          new Actor("42", Actor.MANAGE_GUILD, List.of("7")),
          "de",
          "en-GB",
          "gateway-1",
          Instant.parse("2026-06-01T08:00:00Z"));

  @Test
  void roundTripsACommand() {
    assertThat(codec.decode(codec.encode(command))).isEqualTo(command);
  }

  @Test
  void roundTripsAcceptedAndRefusedReplies() {
    var at = Instant.parse("2026-06-01T08:00:01Z");
    var accepted = ReplyEnvelope.accepted("c-1", at);
    var refused = ReplyEnvelope.refused("c-2", ErrorCode.NOT_A_MODERATOR, null, at);

    assertThat(codec.decodeReply(codec.encode(accepted))).isEqualTo(accepted);
    assertThat(codec.decodeReply(codec.encode(refused))).isEqualTo(refused);
    assertThat(refused.errorCode()).isEqualTo(1100);
    assertThat(refused.message()).startsWith("Only moderators can do this");
  }

  @Nested
  class RefusesWhatIsNotACommand {

    @Test
    void notJsonHasNoOneToAnswer() {
      var e =
          catchThrowableOfType(
              MalformedCommandException.class,
              () -> codec.decode("{oops".getBytes(StandardCharsets.UTF_8)));

      assertThat(e.replyTo()).isEmpty();
      assertThat(e.commandId()).isEmpty();
    }

    @Test
    void missingFieldsAreNamedAndTheRequesterCanStillBeAnswered() {
      String json =
          "{\"schema\":\"suggestions.command/1\",\"commandId\":\"c-9\",\"replyTo\":\"gateway-2\","
              + "\"payload\":[],\"actor\":{}}";

      var e =
          catchThrowableOfType(
              MalformedCommandException.class,
              () -> codec.decode(json.getBytes(StandardCharsets.UTF_8)));

      assertThat(e.replyTo()).contains("gateway-2");
      assertThat(e.commandId()).contains("c-9");
      assertThat(e)
          .hasMessageStartingWith("Malformed command c-9: ")
          .hasMessageContaining("type is missing")
          .hasMessageContaining("payload is missing or not an object")
          .hasMessageContaining("actor.userId is missing");
    }

    @Test
    void anotherSchema() {
      String json =
          new String(codec.encode(command), StandardCharsets.UTF_8)
              .replace("suggestions.command/1", "suggestions.command/9");

      assertThatThrownBy(() -> codec.decode(json.getBytes(StandardCharsets.UTF_8)))
          .isInstanceOf(MalformedCommandException.class)
          .hasMessageContaining("schema must be 'suggestions.command/1'");
    }
  }
}
