package gg.suggestions.gateway.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import gg.suggestions.eventstore.contract.Actor;
import gg.suggestions.eventstore.contract.guildconfig.BlockMember;
import gg.suggestions.eventstore.contract.guildconfig.GuildChannel;
import gg.suggestions.eventstore.contract.guildconfig.GuildToggle;
import gg.suggestions.eventstore.contract.guildconfig.SetGuildChannel;
import gg.suggestions.eventstore.contract.guildconfig.SetGuildLocale;
import gg.suggestions.eventstore.contract.guildconfig.SetGuildToggle;
import gg.suggestions.eventstore.contract.guildconfig.UnblockMember;
import gg.suggestions.eventstore.contract.suggestion.AddSuggestionNote;
import gg.suggestions.eventstore.contract.suggestion.ApproveSuggestion;
import gg.suggestions.eventstore.contract.suggestion.ClearSuggestion;
import gg.suggestions.eventstore.contract.suggestion.RejectSuggestion;
import gg.suggestions.eventstore.contract.suggestion.RemoveSuggestionNote;
import gg.suggestions.eventstore.contract.suggestion.SubmitSuggestion;
import gg.suggestions.eventstore.contract.suggestion.SuggestionImage;
import gg.suggestions.eventstore.contract.userconfig.ForgetMember;
import gg.suggestions.eventstore.contract.userconfig.SetDirectMessages;
import gg.suggestions.eventstore.contract.userconfig.SetThreadPings;
import gg.suggestions.eventstore.envelope.CommandEnvelope;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class GatewayCommandsTest {

  private static final String GUILD = "601219766258106399";
  private static final Actor MEMBER =
      new Actor("223456789012345678", 0, List.of("801219766258106399"));
  private static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");

  private final GatewayCommands commands = GatewayCommands.all();

  @Test
  void aSuggestionBecomesASubmissionWithTheInteractionAsItsIdAndBothLocales() {
    var image = new SuggestionImage("https://cdn.discordapp.com/a/b/m.png", "m.png", 1_000);
    var request =
        request("suggest", Map.of(Options.TEXT, "Dark mode", Options.ANONYMOUSLY, "true"), image);

    CommandEnvelope envelope = commands.envelope(request, "gateway-0");

    assertThat(envelope.commandId()).isEqualTo("1187654321098765432");
    assertThat(envelope.type()).isEqualTo("SubmitSuggestion");
    assertThat(envelope.guildId()).isEqualTo(GUILD);
    assertThat(envelope.locale()).isEqualTo("da");
    assertThat(envelope.guildLocale()).isEqualTo("de");
    assertThat(envelope.replyTo()).isEqualTo("gateway-0");
    assertThat(envelope.actor()).isEqualTo(MEMBER);
    assertThat(commands.named("suggest").orElseThrow().toCommand(request))
        .isEqualTo(new SubmitSuggestion(GUILD, "Dark mode", image, true));
  }

  @Test
  void resolutionsTakeTheIdAsTypedAndTheOptionalResponse() {
    var id = Map.of(Options.SUGGESTION_ID, "  K3X9AB2F ");

    assertThat(
            command("approve", Map.of(Options.SUGGESTION_ID, "k3x9ab2f", Options.RESPONSE, "Yes!")))
        .isEqualTo(new ApproveSuggestion(GUILD, "k3x9ab2f", "Yes!"));
    assertThat(command("reject", id)).isEqualTo(new RejectSuggestion(GUILD, "k3x9ab2f", null));
    assertThat(command("clear", id)).isEqualTo(new ClearSuggestion(GUILD, "k3x9ab2f", null));
  }

  @Test
  void notesAreAddedAndRemoved() {
    assertThat(
            command("notes add", Map.of(Options.SUGGESTION_ID, "k3x9ab2f", Options.NOTE, "Soon")))
        .isEqualTo(new AddSuggestionNote(GUILD, "k3x9ab2f", "Soon"));
    assertThat(command("notes remove", Map.of(Options.SUGGESTION_ID, "k3x9ab2f")))
        .isEqualTo(new RemoveSuggestionNote(GUILD, "k3x9ab2f"));
  }

  @Test
  void theBlocklistNamesAMemberOrTheAuthorOfASuggestion() {
    assertThat(command("user blocklist add", Map.of(Options.USER, "923456789012345678")))
        .isEqualTo(new BlockMember(GUILD, "923456789012345678", null));
    assertThat(command("user blocklist remove", Map.of(Options.SUGGESTION_ID, "K3X9AB2F")))
        .isEqualTo(new UnblockMember(GUILD, null, "k3x9ab2f"));
  }

  @Test
  void personalSettingsAreAlwaysTheInvokersOwnAndWorkInDirectMessages() {
    var inADm =
        new SlashRequest(
            "1",
            "dm disable",
            Map.of(Options.USER, "999999999999999999"),
            null,
            null,
            MEMBER,
            "tr",
            null,
            NOW);

    assertThat(commands.named("dm disable").orElseThrow().toCommand(inADm))
        .isEqualTo(new SetDirectMessages(MEMBER.userId(), false));
    assertThat(commands.envelope(inADm, "g").partitionKey()).isEqualTo("user:" + MEMBER.userId());
    assertThat(command("user_config ping_on_thread_creation enable", Map.of()))
        .isEqualTo(new SetThreadPings(MEMBER.userId(), true));
    var inAGuild = request("dm enable", Map.of(), null);
    assertThat(commands.envelope(inAGuild, "g").guildId()).as("typed in a guild").isNull();
    assertThat(commands.envelope(inAGuild, "g").partitionKey())
        .isEqualTo("user:" + MEMBER.userId());
  }

  @Test
  void aMemberForgetsOnlyThemselfAndOnlyWhenTheyConfirm() {
    var inADm =
        new SlashRequest(
            "2",
            "privacy forget",
            Map.of(Options.CONFIRM, "true", Options.USER, "999999999999999999"),
            null,
            null,
            MEMBER,
            "tr",
            null,
            NOW);

    assertThat(commands.named("privacy forget").orElseThrow().toCommand(inADm))
        .isEqualTo(new ForgetMember(MEMBER.userId()));
    assertThat(commands.envelope(inADm, "g").partitionKey()).isEqualTo("user:" + MEMBER.userId());
    for (String unconfirmed : new String[] {"false", "yes", ""}) {
      assertThatThrownBy(() -> command("privacy forget", Map.of(Options.CONFIRM, unconfirmed)))
          .isInstanceOf(InvalidInput.class)
          .hasMessageContaining("input.forget_unconfirmed");
    }
  }

  @Test
  void configSettingsAreNamedAsTyped() {
    assertThat(
            command("config toggle", Map.of(Options.SETTING, "keep logs", Options.ENABLED, "true")))
        .isEqualTo(new SetGuildToggle(GUILD, GuildToggle.KEEP_LOGS, true));
    assertThat(command("config channel", Map.of(Options.SETTING, "queue_rejection")))
        .isEqualTo(new SetGuildChannel(GUILD, GuildChannel.QUEUE_REJECTION, null));
    assertThat(command("config locale", Map.of(Options.LOCALE, "pt-BR")))
        .isEqualTo(new SetGuildLocale(GUILD, "pt-BR"));
  }

  @Nested
  class RefusesBeforeSending {

    @Test
    void anIdThatCannotBeOne() {
      assertThatThrownBy(() -> command("approve", Map.of(Options.SUGGESTION_ID, "k3x9-ab")))
          .isInstanceOf(InvalidInput.class)
          .extracting(e -> ((InvalidInput) e).key())
          .isEqualTo("input.bad_suggestion_id");
    }

    @Test
    void aGuildCommandInADirectMessage() {
      var request =
          new SlashRequest(
              "1", "suggest", Map.of(Options.TEXT, "x"), null, null, MEMBER, "en-GB", null, NOW);

      assertThatThrownBy(() -> commands.envelope(request, "gateway-0"))
          .extracting(e -> ((InvalidInput) e).key())
          .isEqualTo("input.guild_only");
    }

    @Test
    void aMissingRequiredOption() {
      assertThatThrownBy(() -> command("notes add", Map.of(Options.SUGGESTION_ID, "k3x9ab2f")))
          .extracting(e -> ((InvalidInput) e).arguments())
          .isEqualTo(List.of(Options.NOTE));
    }

    @Test
    void bothAMemberAndASuggestionOrNeither() {
      assertThatThrownBy(
              () ->
                  command(
                      "user blocklist add",
                      Map.of(
                          Options.USER, "923456789012345678", Options.SUGGESTION_ID, "k3x9ab2f")))
          .extracting(e -> ((InvalidInput) e).key())
          .isEqualTo("input.one_of");
      assertThatThrownBy(() -> command("user blocklist add", Map.of()))
          .extracting(e -> ((InvalidInput) e).key())
          .isEqualTo("input.one_of");
    }

    @Test
    void aSettingThatDoesNotExistListsTheOnesThatDo() {
      assertThatThrownBy(
              () ->
                  command(
                      "config toggle", Map.of(Options.SETTING, "turbo", Options.ENABLED, "true")))
          .extracting(e -> ((InvalidInput) e).arguments().get(1).toString())
          .asString()
          .contains("keep_logs", "suggestion_queue");
    }

    @Test
    void aCommandNoOneRegistered() {
      assertThatThrownBy(() -> commands.envelope(request("teleport", Map.of(), null), "g"))
          .extracting(e -> ((InvalidInput) e).key())
          .isEqualTo("input.unknown_command");
    }
  }

  @Test
  void noTwoCommandsShareAName() {
    assertThat(commands.names())
        .doesNotHaveDuplicates()
        .contains("suggest", "approve", "notes add");
    assertThatThrownBy(
            () -> new GatewayCommands(List.of(ResolveCommand.approve(), ResolveCommand.approve())))
        .hasMessageContaining("'approve'");
  }

  private Object command(String name, Map<String, String> options) {
    return commands.named(name).orElseThrow().toCommand(request(name, options, null));
  }

  private static SlashRequest request(
      String name, Map<String, String> options, SuggestionImage attachment) {
    return new SlashRequest(
        "1187654321098765432", name, options, attachment, GUILD, MEMBER, "da", "de", NOW);
  }
}
