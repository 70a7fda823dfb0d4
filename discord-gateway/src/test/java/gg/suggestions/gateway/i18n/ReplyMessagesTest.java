package gg.suggestions.gateway.i18n;

import static org.assertj.core.api.Assertions.assertThat;

import gg.suggestions.eventstore.contract.ErrorCode;
import gg.suggestions.eventstore.envelope.ReplyEnvelope;
import gg.suggestions.gateway.command.GatewayCommands;
import gg.suggestions.gateway.command.InvalidInput;
import java.time.Instant;
import java.util.Map;
import java.util.ResourceBundle;
import org.junit.jupiter.api.Test;

class ReplyMessagesTest {

  private static final Instant AT = Instant.parse("2026-06-01T12:00:00Z");

  @Test
  void anAcceptedSuggestionShowsItsSid() {
    var reply = ReplyEnvelope.accepted("1187", Map.of("suggestionId", "k3x9ab2f"), Map.of(), AT);

    var message = ReplyMessages.render(reply, "suggest", "en-GB");

    assertThat(message.text()).isEqualTo("Thanks! Your suggestion is in, as k3x9ab2f.");
    assertThat(message.footer()).isNull();
  }

  @Test
  void aQueuedSuggestionSaysItWaitsForReview() {
    var reply = ReplyEnvelope.accepted("1187", Map.of("queueId", "q7m2x9ab"), Map.of(), AT);

    assertThat(ReplyMessages.render(reply, "suggest", "en-US").text())
        .isEqualTo("Thanks! Your suggestion is waiting for a moderator's review, as q7m2x9ab.");
  }

  @Test
  void aCooldownSaysHowLongToWaitInTheUsersLanguage() {
    var reply = cooldown("1187", 3);

    assertThat(ReplyMessages.render(reply, "suggest", "en-GB").text())
        .isEqualTo("You're suggesting faster than this server allows. Try again in 3 seconds.");
    assertThat(ReplyMessages.render(reply, "suggest", "de").text())
        .endsWith("Versuche es in 3 Sekunden noch einmal.");
    assertThat(ReplyMessages.render(cooldown("1188", 1), "suggest", "fr").text())
        .endsWith("Réessaie dans 1 seconde.");
  }

  private static ReplyEnvelope cooldown(String commandId, long seconds) {
    return ReplyEnvelope.refused(
        commandId,
        ErrorCode.ON_COOLDOWN,
        "Try again in " + seconds + (seconds == 1 ? " second." : " seconds."),
        Map.of(ReplyEnvelope.RETRY_AFTER_SECONDS, Long.toString(seconds)),
        AT);
  }

  @Test
  void aRefusalHasATitleThePreciseTextTheCodeAndTheErrorId() {
    var reply =
        ReplyEnvelope.refused(
            "1187654321", ErrorCode.SUGGESTION_ALREADY_RESOLVED, "It was approved.", AT);

    var message = ReplyMessages.render(reply, "approve", "en-GB");

    assertThat(message.title()).isEqualTo("That didn't work");
    assertThat(message.text())
        .isEqualTo("This suggestion has already been resolved. It was approved.");
    assertThat(message.footer()).isEqualTo("Error 1401 · error id 1187654321");
  }

  @Test
  void inputRefusedBeforeSendingCarriesCode1000() {
    var message =
        ReplyMessages.render(new InvalidInput("input.bad_suggestion_id", "k3x9-ab"), "99", "xx-YY");

    // A locale the bot does not speak gets the en-GB text.
    assertThat(message.text()).startsWith("“k3x9-ab” is not a suggestion id");
    assertThat(message.footer()).isEqualTo("Error 1000 · error id 99");
  }

  @Test
  void aUsersLanguageIsUsedWhereTheBotSpeaksIt() {
    var english = ReplyMessages.render(new InvalidInput("input.guild_only"), "99", "en-GB");
    var danish = ReplyMessages.render(new InvalidInput("input.guild_only"), "99", "da");

    assertThat(danish.text()).isNotBlank().isNotEqualTo(english.text());
    assertThat(danish.footer()).contains("1000").contains("99");
  }

  @Test
  void everyCommandHasATextForItsSuccessInTheReferenceBundle() {
    ResourceBundle reference = ReplyMessages.bundle("en-GB");

    for (String name : GatewayCommands.all().names()) {
      String key = "reply." + name.replace(' ', '_');
      assertThat(reference.keySet())
          .as(key)
          .anyMatch(k -> k.equals(key) || k.startsWith(key + "."));
    }
  }

  @Test
  void everyErrorCodeHasATextInTheReferenceBundle() {
    ResourceBundle reference = ReplyMessages.bundle("en-GB");

    for (ErrorCode code : ErrorCode.values()) {
      assertThat(reference.containsKey(code.messageKey())).as(code.messageKey()).isTrue();
    }
  }
}
