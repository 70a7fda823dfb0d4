package gg.suggestions.gateway.effects;

import static org.assertj.core.api.Assertions.assertThat;

import gg.suggestions.eventstore.contract.legacy.LegacyImports;
import gg.suggestions.eventstore.contract.suggestion.SuggestionApproved;
import gg.suggestions.eventstore.contract.suggestion.VoteCast;
import gg.suggestions.eventstore.contract.suggestion.VoteDirection;
import gg.suggestions.eventstore.envelope.EnvelopeMetadata;
import gg.suggestions.eventstore.envelope.EventEnvelope;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class EffectsTest {

  private static final String GUILD = "601219766258106399";

  // No Discord, no read model, no recorder: touching any of them fails the test.
  private final Effects effects = new Effects(null, null, null);

  @Test
  void theOldBotsImportedHistoryHasNoDiscordEffects() {
    String imported = LegacyImports.COMMAND_ID_PREFIX + "0a1b2c";

    assertThat(
            effects.apply(
                event(imported, 1), new VoteCast(GUILD, "a1b2c3d4", "5", VoteDirection.UP)))
        .isEmpty();
    assertThat(
            effects.apply(
                event(imported, 0), new SuggestionApproved(GUILD, "a1b2c3d4", "4", "Done")))
        .isEmpty();
  }

  @Test
  void theSameVoteWrittenHereAsksForTheMessageToShowIt() {
    assertThat(
            effects.apply(
                event("1187654321098765432", 7),
                new VoteCast(GUILD, "a1b2c3d4", "5", VoteDirection.UP)))
        .isEqualTo(Optional.of(new Effects.Change(GUILD, "a1b2c3d4", 7)));
  }

  private static EventEnvelope event(String commandId, long sequence) {
    return new EventEnvelope(
        EventEnvelope.SCHEMA,
        "e-" + sequence,
        "VoteCast",
        1,
        "Suggestion",
        GUILD + "/a1b2c3d4",
        sequence,
        GUILD,
        Instant.parse("2026-12-07T12:00:00Z"),
        new EnvelopeMetadata(commandId, "5", null, null, commandId),
        null);
  }
}
