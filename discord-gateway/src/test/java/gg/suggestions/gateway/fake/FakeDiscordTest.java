package gg.suggestions.gateway.fake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import net.dv8tion.jda.api.EmbedBuilder;
import net.dv8tion.jda.api.JDA;
import net.dv8tion.jda.api.Permission;
import net.dv8tion.jda.api.components.actionrow.ActionRow;
import net.dv8tion.jda.api.components.buttons.Button;
import net.dv8tion.jda.api.entities.Guild;
import net.dv8tion.jda.api.entities.Message;
import net.dv8tion.jda.api.entities.channel.concrete.PrivateChannel;
import net.dv8tion.jda.api.entities.channel.concrete.TextChannel;
import net.dv8tion.jda.api.entities.channel.concrete.ThreadChannel;
import net.dv8tion.jda.api.events.interaction.command.CommandAutoCompleteInteractionEvent;
import net.dv8tion.jda.api.events.interaction.command.MessageContextInteractionEvent;
import net.dv8tion.jda.api.events.interaction.command.SlashCommandInteractionEvent;
import net.dv8tion.jda.api.events.interaction.component.ButtonInteractionEvent;
import net.dv8tion.jda.api.exceptions.ErrorResponseException;
import net.dv8tion.jda.api.hooks.ListenerAdapter;
import net.dv8tion.jda.api.interactions.DiscordLocale;
import net.dv8tion.jda.api.interactions.commands.build.Commands;
import net.dv8tion.jda.api.interactions.commands.build.SubcommandData;
import net.dv8tion.jda.api.utils.FileUpload;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FakeDiscordTest {

  static final String GUILD = "100000000000000001";
  static final String CHANNEL = "100000000000000002";
  static final String OTHER_CHANNEL = "100000000000000003";
  static final String USER = "200000000000000001";
  static final Duration WAIT = Duration.ofSeconds(5);

  static FakeDiscord discord;
  static JDA jda;

  /** What the listener saw, keyed by interaction id. */
  static final Map<String, Map<String, Object>> seen = new ConcurrentHashMap<>();

  @BeforeAll
  static void start() {
    discord = FakeDiscord.start();
    discord
        .guild(GUILD)
        .name("Suggestions HQ")
        .locale("de")
        .textChannel(CHANNEL, "suggestions")
        .textChannel(OTHER_CHANNEL, "general")
        .create();
    jda = discord.awaitJda(discord.jdaBuilder().addEventListeners(new Listener()));
  }

  @AfterAll
  static void stop() {
    if (jda != null) {
      jda.shutdownNow();
    }
    if (discord != null) {
      discord.close();
    }
  }

  static String opt(SlashCommandInteractionEvent event, String name) {
    var option = event.getOption(name);
    return option == null ? "null" : option.getAsString();
  }

  static final class Listener extends ListenerAdapter {
    @Override
    public void onSlashCommandInteraction(SlashCommandInteractionEvent event) {
      seen.put(
          event.getId(),
          Map.of(
              "name", event.getName(),
              "sub", String.valueOf(event.getSubcommandName()),
              "text", opt(event, "text"),
              "anonymous", opt(event, "anonymous"),
              "count", opt(event, "count"),
              "manageServer",
                  event.getMember() != null
                      && event.getMember().hasPermission(Permission.MANAGE_SERVER),
              "userLocale", event.getUserLocale(),
              "guildLocale", event.isFromGuild() ? event.getGuildLocale() : "none"));
      event.deferReply(true).queue();
      event
          .getHook()
          .editOriginal("Noted: " + event.getOption("text", "", m -> m.getAsString()))
          .setEmbeds(new EmbedBuilder().setTitle("Suggestion").setDescription("d").build())
          .queue();
    }

    @Override
    public void onButtonInteraction(ButtonInteractionEvent event) {
      seen.put(event.getId(), Map.of("customId", event.getComponentId()));
      if (event.getComponentId().startsWith("edit:")) {
        event.deferEdit().queue();
        event.getHook().editOriginal("voted").queue();
      } else {
        event.deferReply(true).queue();
        event.getHook().sendMessage("thanks").queue();
      }
    }

    @Override
    public void onMessageContextInteraction(MessageContextInteractionEvent event) {
      seen.put(
          event.getId(),
          Map.of("name", event.getName(), "target", event.getTarget().getContentRaw()));
      event.reply("approved").setEphemeral(true).queue();
    }

    @Override
    public void onCommandAutoCompleteInteraction(CommandAutoCompleteInteractionEvent event) {
      seen.put(
          event.getId(),
          Map.of(
              "focused", event.getFocusedOption().getName(),
              "value", event.getFocusedOption().getValue()));
      event.replyChoiceStrings("alpha", "beta").queue();
    }
  }

  static FakeMember admin() {
    return FakeMember.of(USER, "Alice").withPermissions(Permission.MANAGE_SERVER.getRawValue());
  }

  @Test
  @Order(1)
  void jdaLogsInAndSeesTheGuild() {
    Guild guild = jda.getGuildById(GUILD);
    assertThat(guild).isNotNull();
    assertThat(guild.getName()).isEqualTo("Suggestions HQ");
    assertThat(guild.getLocale()).isEqualTo(DiscordLocale.GERMAN);
    assertThat(jda.getTextChannelById(CHANNEL).getName()).isEqualTo("suggestions");
    assertThat(guild.getSelfMember().hasPermission(Permission.ADMINISTRATOR)).isTrue();
    assertThat(jda.getSelfUser().getApplicationId()).isEqualTo(discord.applicationId());
    assertThat(discord.identifyCount()).isEqualTo(1);
    assertThat(discord.unknownRequests()).isEmpty();
  }

  @Test
  @Order(2)
  void slashCommandIsDeliveredDeferredAndEdited() {
    String id =
        discord.slash(
            GUILD,
            CHANNEL,
            admin(),
            "fr",
            "notes add",
            Map.of("text", "more cats", "anonymous", true, "count", 3L));

    InteractionAnswer last =
        FakeDiscord.await(
            WAIT,
            () ->
                discord.answers(id).stream()
                    .filter(a -> a.kind() == InteractionAnswer.Kind.EDIT_ORIGINAL)
                    .findFirst(),
            "edit");
    List<InteractionAnswer> answers = discord.answers(id);
    assertThat(answers.get(0).kind()).isEqualTo(InteractionAnswer.Kind.CALLBACK);
    assertThat(answers.get(0).type()).isEqualTo(5);
    assertThat(answers.get(0).ephemeral()).isTrue();
    assertThat(discord.awaitFinalAnswer(id, WAIT)).isEqualTo(last);
    assertThat(last.content()).isEqualTo("Noted: more cats");
    assertThat(last.embeds())
        .singleElement()
        .satisfies(e -> assertThat(e.title()).isEqualTo("Suggestion"));
    assertThat(discord.originalResponse(id).orElseThrow().content()).isEqualTo("Noted: more cats");

    Map<String, Object> s = seen.get(id);
    assertThat(s)
        .containsEntry("name", "notes")
        .containsEntry("sub", "add")
        .containsEntry("text", "more cats")
        .containsEntry("anonymous", "true")
        .containsEntry("count", "3")
        .containsEntry("manageServer", true)
        .containsEntry("userLocale", DiscordLocale.FRENCH)
        .containsEntry("guildLocale", DiscordLocale.GERMAN);

    String plain =
        discord.slash(
            GUILD,
            CHANNEL,
            FakeMember.of("200000000000000002", "Bob"),
            "en-US",
            "approve",
            Map.of());
    discord.awaitFinalAnswer(plain, WAIT);
    assertThat(seen.get(plain)).containsEntry("manageServer", false).containsEntry("sub", "null");
  }

  @Test
  @Order(3)
  void slashCommandInDm() {
    String id = discord.slashInDm(USER, "en-GB", "suggest", Map.of("text", "dm idea"));
    assertThat(discord.awaitFinalAnswer(id, WAIT).content()).isEqualTo("Noted: dm idea");
    assertThat(seen.get(id))
        .containsEntry("guildLocale", "none")
        .containsEntry("userLocale", DiscordLocale.ENGLISH_UK);
  }

  @Test
  @Order(4)
  void buttonsMessageCommandsAndAutocomplete() {
    TextChannel channel = jda.getTextChannelById(CHANNEL);
    Message posted =
        channel
            .sendMessage("Suggestion #1")
            .setComponents(
                ActionRow.of(Button.primary("edit:up", "Up"), Button.secondary("reply:x", "Why")))
            .complete();
    assertThat(discord.message(CHANNEL, posted.getId()).orElseThrow().customIds())
        .containsExactly("edit:up", "reply:x");

    String edit = discord.button(GUILD, CHANNEL, posted.getId(), admin(), "en-US", "edit:up");
    InteractionAnswer editAnswer = discord.awaitFinalAnswer(edit, WAIT);
    assertThat(discord.answers(edit).get(0).type()).isEqualTo(6);
    assertThat(editAnswer.kind()).isEqualTo(InteractionAnswer.Kind.EDIT_ORIGINAL);
    assertThat(seen.get(edit)).containsEntry("customId", "edit:up");
    // deferEdit + editOriginal edits the button's message itself
    FakeMessage afterVote = discord.message(CHANNEL, posted.getId()).orElseThrow();
    assertThat(afterVote.content()).isEqualTo("voted");
    assertThat(afterVote.editCount()).isEqualTo(1);

    String reply = discord.button(GUILD, CHANNEL, posted.getId(), admin(), "en-US", "reply:x");
    InteractionAnswer followup = discord.awaitFinalAnswer(reply, WAIT);
    assertThat(discord.answers(reply).get(0).type()).isEqualTo(5);
    assertThat(discord.answers(reply).get(0).ephemeral()).isTrue();
    assertThat(followup.kind()).isEqualTo(InteractionAnswer.Kind.FOLLOWUP);
    assertThat(followup.content()).isEqualTo("thanks");

    String ctx =
        discord.messageCommand(
            GUILD, CHANNEL, posted.getId(), admin(), "en-US", "Approve suggestion");
    InteractionAnswer approved = discord.awaitFinalAnswer(ctx, WAIT);
    assertThat(approved.type()).isEqualTo(4);
    assertThat(approved.ephemeral()).isTrue();
    assertThat(seen.get(ctx))
        .containsEntry("name", "Approve suggestion")
        .containsEntry("target", "voted");

    String ac =
        discord.autocomplete(GUILD, CHANNEL, admin(), "en-US", "notes search", "query", "al");
    InteractionAnswer choices = discord.awaitFinalAnswer(ac, WAIT);
    assertThat(choices.type()).isEqualTo(8);
    assertThat(choices.choices()).hasSize(2);
    assertThat(seen.get(ac)).containsEntry("focused", "query").containsEntry("value", "al");
  }

  @Test
  @Order(5)
  void messagesNonceEditDeleteThreadsAndDms() {
    TextChannel channel = jda.getTextChannelById(OTHER_CHANNEL);
    Message first = channel.sendMessage("hello").setNonce("suggestion-42").complete();
    Message again = channel.sendMessage("hello (retry)").setNonce("suggestion-42").complete();
    assertThat(again.getId()).isEqualTo(first.getId());
    assertThat(discord.messages(OTHER_CHANNEL)).hasSize(1);
    assertThat(discord.requests("POST", "/channels/" + OTHER_CHANNEL + "/messages"))
        .hasSize(2)
        .allSatisfy(r -> assertThat(r.json().path("enforce_nonce").asBoolean()).isTrue());

    Message withFile =
        channel
            .sendMessage("with file")
            .addFiles(FileUpload.fromData("a,b".getBytes(), "votes.csv"))
            .setEmbeds(
                new EmbedBuilder()
                    .setTitle("T")
                    .addField("f", "v", true)
                    .setColor(0xff0000)
                    .build())
            .complete();
    FakeMessage stored = discord.message(OTHER_CHANNEL, withFile.getId()).orElseThrow();
    assertThat(stored.attachments()).containsExactly("votes.csv");
    assertThat(stored.embeds().get(0).fields())
        .containsExactly(new FakeMessage.Field("f", "v", true));
    assertThat(stored.embeds().get(0).color()).isEqualTo(0xff0000);
    assertThat(withFile.getAttachments())
        .singleElement()
        .satisfies(a -> assertThat(a.getFileName()).isEqualTo("votes.csv"));

    first.editMessage("hello, edited").complete();
    assertThat(discord.message(OTHER_CHANNEL, first.getId()).orElseThrow().content())
        .isEqualTo("hello, edited");
    assertThat(channel.retrieveMessageById(first.getId()).complete().getContentRaw())
        .isEqualTo("hello, edited");

    ThreadChannel thread = first.createThreadChannel("Discussion").complete();
    assertThat(thread.getId()).isEqualTo(first.getId());
    FakeChannel fakeThread = discord.threads(OTHER_CHANNEL).get(0);
    assertThat(fakeThread.name()).isEqualTo("Discussion");
    assertThat(fakeThread.starterMessageId()).isEqualTo(first.getId());
    thread.sendMessage("in thread").complete();
    assertThat(discord.messages(thread.getId()))
        .extracting(FakeMessage::content)
        .containsExactly("in thread");
    thread.getManager().setLocked(true).setArchived(true).complete();
    FakeChannel locked = discord.channel(thread.getId()).orElseThrow();
    assertThat(locked.archived()).isTrue();
    assertThat(locked.locked()).isTrue();

    withFile.delete().complete();
    assertThat(discord.message(OTHER_CHANNEL, withFile.getId()).orElseThrow().deleted()).isTrue();
    assertThatThrownBy(() -> channel.retrieveMessageById(withFile.getId()).complete())
        .isInstanceOf(ErrorResponseException.class);
    assertThat(channel.getHistory().retrievePast(10).complete())
        .extracting(Message::getId)
        .containsExactly(first.getId());

    PrivateChannel dm = jda.openPrivateChannelById(USER).complete();
    dm.sendMessage("your suggestion was approved").complete();
    PrivateChannel dmAgain = jda.openPrivateChannelById(USER).complete();
    assertThat(dmAgain.getId()).isEqualTo(dm.getId());
    assertThat(discord.directMessages(USER))
        .extracting(FakeMessage::content)
        .containsExactly("your suggestion was approved");
    assertThat(discord.unknownRequests()).isEmpty();
  }

  @Test
  @Order(6)
  void commandRegistrationIsRecordedWithLocalizations() {
    jda.updateCommands()
        .addCommands(
            Commands.slash("suggest", "Make a suggestion")
                .setNameLocalization(DiscordLocale.GERMAN, "vorschlagen")
                .addSubcommands(new SubcommandData("new", "New one")),
            Commands.message("Approve suggestion"))
        .complete();
    List<com.fasterxml.jackson.databind.JsonNode> global = discord.globalCommands();
    assertThat(global).hasSize(2);
    assertThat(global.get(0).path("name").asText()).isEqualTo("suggest");
    assertThat(global.get(0).path("name_localizations").path("de").asText())
        .isEqualTo("vorschlagen");
    assertThat(global.get(1).path("type").asInt()).isEqualTo(3);
    assertThat(jda.retrieveCommands().complete()).hasSize(2);
  }

  @Test
  @Order(7)
  void faults() {
    TextChannel channel = jda.getTextChannelById(OTHER_CHANNEL);
    String path = "/channels/" + OTHER_CHANNEL + "/messages";

    discord.faults().rateLimit("POST", path, 1, 1);
    long t0 = System.nanoTime();
    Message limited = channel.sendMessage("after 429").complete();
    assertThat(Duration.ofNanos(System.nanoTime() - t0))
        .isGreaterThanOrEqualTo(Duration.ofMillis(900));
    assertThat(
            discord.messages(OTHER_CHANNEL).stream().filter(m -> m.content().equals("after 429")))
        .singleElement()
        .satisfies(m -> assertThat(m.id()).isEqualTo(limited.getId()));

    // JDA does not retry a plain 500: the action fails
    discord.faults().serverError("POST", path, 1);
    assertThatThrownBy(() -> channel.sendMessage("after 500").complete())
        .isInstanceOf(ErrorResponseException.class);
    assertThat(discord.messages(OTHER_CHANNEL)).noneMatch(m -> m.content().equals("after 500"));

    // ... but it retries 502/503/504 (after 500 ms, 1 s, 2 s)
    discord.faults().serverError("POST", path, 1, 502);
    channel.sendMessage("after 502").complete();
    assertThat(discord.messages(OTHER_CHANNEL))
        .filteredOn(m -> m.content().equals("after 502"))
        .hasSize(1);

    discord.faults().delay("POST", path, 1, Duration.ofSeconds(2));
    t0 = System.nanoTime();
    channel.sendMessage("slow").complete();
    assertThat(Duration.ofNanos(System.nanoTime() - t0))
        .isGreaterThanOrEqualTo(Duration.ofMillis(1900));

    assertThat(discord.requests("POST", path).stream().map(RecordedRequest::status))
        .containsSubsequence(429, 200, 500, 502, 200, 200);
  }

  @Test
  @Order(8)
  void unauthenticatedRequestsAndUnknownRoutesAreVisible() throws Exception {
    var client = java.net.http.HttpClient.newHttpClient();
    var resp =
        client.send(
            java.net.http.HttpRequest.newBuilder(
                    java.net.URI.create(discord.restBaseUrl() + "users/@me"))
                .header("Authorization", "Bot wrong")
                .build(),
            java.net.http.HttpResponse.BodyHandlers.ofString());
    assertThat(resp.statusCode()).isEqualTo(401);
    var unknown =
        client.send(
            java.net.http.HttpRequest.newBuilder(
                    java.net.URI.create(discord.restBaseUrl() + "guilds/1/bans"))
                .header("Authorization", "Bot " + discord.token())
                .build(),
            java.net.http.HttpResponse.BodyHandlers.ofString());
    assertThat(unknown.statusCode()).isEqualTo(404);
    assertThat(discord.unknownRequests())
        .extracting(RecordedRequest::path)
        .containsExactly("/guilds/1/bans");
  }

  @Test
  @Order(10)
  void shardManagerUsesGatewayBotAndGuildsAddedAfterLogin() throws Exception {
    try (FakeDiscord other = FakeDiscord.start()) {
      var shards = other.shardManagerBuilder().build();
      try {
        JDA shard = shards.getShardById(0);
        shard.awaitReady();
        assertThat(other.requests("GET", "/gateway/bot")).isNotEmpty();
        assertThat(shard.getGuilds()).isEmpty();
        other
            .guild("300000000000000001")
            .name("Late")
            .textChannel("300000000000000002", "late")
            .create();
        FakeDiscord.await(
            WAIT, () -> shard.getTextChannelById("300000000000000002") != null, "join");
        assertThat(shard.getGuildById("300000000000000001").getName()).isEqualTo("Late");
      } finally {
        shards.shutdown();
      }
    }
  }

  @Test
  @Order(9)
  void reconnectsAfterDisconnectAndStillGetsInteractions() {
    discord.disconnectGateway();
    String id = discord.slash(GUILD, CHANNEL, admin(), "en-US", "approve", Map.of());
    assertThat(discord.awaitFinalAnswer(id, WAIT).content()).isEqualTo("Noted:");
    assertThat(discord.resumeCount()).isEqualTo(1);

    discord.invalidateSession();
    FakeDiscord.await(
        WAIT,
        () -> discord.identifyCount() == 2 && jda.getStatus() == JDA.Status.CONNECTED,
        "re-identify");
    String id2 = discord.slash(GUILD, CHANNEL, admin(), "en-US", "approve", Map.of());
    assertThat(discord.awaitFinalAnswer(id2, WAIT).content()).isEqualTo("Noted:");
    assertThat(jda.getGuildById(GUILD)).isNotNull();
  }
}
