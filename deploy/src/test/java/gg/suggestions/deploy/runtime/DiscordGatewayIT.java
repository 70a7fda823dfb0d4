package gg.suggestions.deploy.runtime;

import static gg.suggestions.gateway.fake.FakeDiscord.await;
import static org.assertj.core.api.Assertions.assertThat;

import gg.suggestions.gateway.fake.FakeDiscord;
import gg.suggestions.gateway.fake.FakeMember;
import gg.suggestions.gateway.fake.FakeMessage;
import gg.suggestions.gateway.fake.InteractionAnswer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The bot end to end: the real JDA client of the all-in-one platform against a local fake Discord
 * (REST and gateway websocket on loopback), which delivers interactions and records what the bot
 * sends. Each test has its own guild.
 */
class DiscordGatewayIT {

  private static final String TOKEN = "it-token-" + UUID.randomUUID();
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final Pattern ID = Pattern.compile("\\b([a-z0-9]{8})\\.");
  private static final AtomicLong IDS = new AtomicLong(880_000_000_000_000_000L);

  private static final FakeMember ADMIN =
      FakeMember.of("700000000000000001", "Ada").withPermissions(FakeDiscord.ADMINISTRATOR);
  private static final FakeMember ANNA = FakeMember.of("700000000000000002", "Anna");
  private static final FakeMember BOB = FakeMember.of("700000000000000003", "Bob");

  private static FakeDiscord discord;
  private static LaunchSettings settings;
  private static RunningPlatform platform;

  /** One configured guild and its channels. */
  private record Guild(String id, String suggestions, String log, String queue) {}

  @BeforeAll
  static void start() throws Exception {
    discord = FakeDiscord.start();
    settings =
        EmbeddedPlatformIT.settings(Path.of("target", "it-data", UUID.randomUUID().toString()));
    platform = startPlatform();
  }

  @AfterAll
  static void stop() {
    if (platform != null) {
      platform.close();
    }
    discord.close();
  }

  private static RunningPlatform startPlatform() throws StartupProblem {
    return Platform.start(
        settings,
        "--suggestions.api.token=" + TOKEN,
        "--suggestions.discord.token=" + discord.token(),
        "--suggestions.discord.rest-base-url=" + discord.restBaseUrl(),
        "--suggestions.discord.gateway-url=" + discord.gatewayUrl(),
        "--suggestions.discord.shards=1",
        "--suggestions.discord.edit-interval=300ms",
        // Each test's moderator configures a guild in quick succession; PacingTest covers pacing.
        "--suggestions.discord.command-interval=0s");
  }

  @Test
  void aSuggestionIsPostedWithVoteButtonsAndAThreadAndItsAuthorIsToldItsId() {
    Guild guild = guild();

    String sid = suggest(guild, ANNA, "Add a dark mode");

    FakeMessage posted = suggestionMessage(guild.suggestions(), sid);
    assertThat(posted.customIds()).containsExactly("vote:up:" + sid, "vote:down:" + sid);
    assertThat(posted.embeds().get(0).fields().get(0).value()).isEqualTo("Add a dark mode");
    await(
        WAIT,
        () -> discord.threads(guild.suggestions()).stream().anyMatch(t -> sid.equals(t.name())),
        "a thread named " + sid);
    await(
        WAIT,
        () -> discord.directMessages(ANNA.userId()).stream().anyMatch(m -> mentions(m, sid)),
        "a DM to the author with " + sid);
  }

  @Test
  void aMemberWhoAsksToBeForgottenDisappearsFromTheirSuggestionsMessage() {
    Guild guild = guild();
    FakeMember cleo = FakeMember.of("700000000000000019", "Cleo");
    String sid = suggest(guild, cleo, "Cleo's secret plan");
    FakeMessage posted = suggestionMessage(guild.suggestions(), sid);
    assertThat(posted.embeds().get(0).fields().get(0).value()).isEqualTo("Cleo's secret plan");

    assertThat(text(slash(guild, cleo, "privacy forget", Map.of("confirm", false))))
        .startsWith("Nothing was forgotten");
    assertThat(text(slash(guild, cleo, "privacy forget", Map.of("confirm", true))))
        .startsWith("Done: the bot has forgotten you.");

    await(
        WAIT,
        () ->
            discord
                .message(guild.suggestions(), posted.id())
                .filter(m -> m.embeds().get(0).fields().get(0).value().equals("[removed]"))
                .isPresent(),
        "the message without the text");
    FakeMessage edited = discord.message(guild.suggestions(), posted.id()).orElseThrow();
    assertThat(edited.embeds().toString())
        .doesNotContain(cleo.userId())
        .doesNotContain("Cleo")
        .contains("Anonymous");
  }

  @Test
  void votesAreCastSwitchedAndWithdrawnAndTheMessageShowsTheFinalCounts() {
    Guild guild = guild();
    String sid = suggest(guild, ANNA, "Movie nights");
    String message = suggestionMessage(guild.suggestions(), sid).id();

    assertThat(vote(guild, message, BOB, "vote:up:" + sid)).isEqualTo("Your vote is counted.");
    assertThat(vote(guild, message, BOB, "vote:down:" + sid)).isEqualTo("Your vote is switched.");
    assertThat(vote(guild, message, ANNA, "vote:up:" + sid)).isEqualTo("Your vote is counted.");
    assertThat(vote(guild, message, ANNA, "vote:up:" + sid)).isEqualTo("Your vote is removed.");

    await(
        WAIT,
        () ->
            discord
                .message(guild.suggestions(), message)
                .filter(m -> results(m).equals("👍 0   👎 1"))
                .isPresent(),
        "the final counts on the message");
  }

  @Test
  void approvingWithoutKeepLogsMovesACopyToTheLogChannelDeletesTheOriginalAndTellsTheAuthor() {
    Guild guild = guild();
    String sid = suggest(guild, ANNA, "Weekly quiz");
    String original = suggestionMessage(guild.suggestions(), sid).id();

    String answer =
        text(
            slash(guild, ADMIN, "approve", Map.of("suggestion_id", sid, "response", "Great idea")));

    assertThat(answer).isEqualTo("Approved.");
    FakeMessage copy = suggestionMessage(guild.log(), sid);
    assertThat(copy.customIds()).isEmpty();
    assertThat(copy.embeds().get(0).fields())
        .anySatisfy(f -> assertThat(f.value()).isEqualTo("<@" + ADMIN.userId() + ">"))
        .anySatisfy(f -> assertThat(f.value()).isEqualTo("Great idea"));
    await(
        WAIT,
        () ->
            discord.message(guild.suggestions(), original).map(FakeMessage::deleted).orElse(false),
        "the original deleted");
    await(
        WAIT,
        () ->
            discord.directMessages(ANNA.userId()).stream()
                .anyMatch(m -> mentions(m, sid) && mentions(m, "approved")),
        "a DM to the author about the approval");
  }

  @Test
  void aQueuedSuggestionIsPublishedWhenAModeratorApprovesItsQueueMessage() {
    Guild guild = guild();
    command(guild, ADMIN, "config toggle", Map.of("setting", "suggestion_queue", "enabled", true));
    command(guild, ADMIN, "config toggle", Map.of("setting", "channel_queue", "enabled", true));

    String answer = text(slash(guild, ANNA, "suggest", Map.of("suggestion", "A music bot")));
    String queueId = idIn(answer);
    FakeMessage queued =
        discord.awaitMessage(
            guild.queue(), m -> m.customIds().contains("queue:approve:" + queueId), WAIT);

    String id =
        discord.button(
            guild.id(), guild.queue(), queued.id(), ADMIN, "en-GB", "queue:approve:" + queueId);
    String approved = text(discord.awaitFinalAnswer(id, WAIT));

    String sid = idIn(approved);
    assertThat(sid).isNotEqualTo(queueId);
    FakeMessage published = suggestionMessage(guild.suggestions(), sid);
    assertThat(published.customIds()).containsExactly("vote:up:" + sid, "vote:down:" + sid);
    await(
        WAIT,
        () ->
            discord
                .message(guild.queue(), queued.id())
                .map(m -> m.customIds().isEmpty())
                .orElse(false),
        "the queue message without its buttons");
  }

  @Test
  void aMemberWhoIsNotAModeratorCannotApproveByAnyRoute() {
    Guild guild = guild();
    String sid = suggest(guild, ANNA, "Free snacks");
    FakeMessage message = suggestionMessage(guild.suggestions(), sid);

    InteractionAnswer slash = slash(guild, BOB, "approve", Map.of("suggestion_id", sid));
    String viaMessageCommand =
        discord.messageCommand(
            guild.id(), guild.suggestions(), message.id(), BOB, "en-GB", "Approve suggestion");

    assertThat(footer(slash)).startsWith("Error 1100");
    assertThat(footer(discord.awaitFinalAnswer(viaMessageCommand, WAIT))).startsWith("Error 1100");
    assertThat(discord.messages(guild.log())).isEmpty();
    assertThat(discord.message(guild.suggestions(), message.id()).orElseThrow().customIds())
        .hasSize(2);
  }

  /**
   * The metrics every part of the platform exposes (command path, projections, effects, Discord
   * REST, HTTP), on the main port behind the API token; and every query of the Grafana dashboard
   * and the alert rules reads one of them. Writes the names to {@code target/metrics/names.txt}.
   */
  @Test
  void prometheusScrapesEveryPartOfThePlatformBehindTheTokenAndTheDashboardsReadOnlyWhatItExposes()
      throws Exception {
    Guild guild = guild();
    String posts = "/channels/" + guild.suggestions() + "/messages";
    discord.faults().rateLimit("POST", posts, 1, 1.0);
    String sid = suggest(guild, ANNA, "A dashboard for the bot");
    await(WAIT, () -> !postsOf(guild.suggestions(), sid).isEmpty(), "the post after its 429");
    String base =
        "http://127.0.0.1:" + platform.context().getEnvironment().getProperty("local.server.port");

    var anonymous = Scrape.get(base, null);
    var wrong = Scrape.get(base, "not-the-token-" + UUID.randomUUID());
    assertThat(anonymous.statusCode()).isEqualTo(401);
    assertThat(anonymous.headers().firstValue("WWW-Authenticate"))
        .hasValue("Bearer realm=\"suggestions\"");
    assertThat(wrong.statusCode()).isEqualTo(401);
    assertThat(wrong.body()).doesNotContain("suggestions_");

    // Lag is sampled every few seconds: the first sample may still be on its way.
    await(
        WAIT,
        () -> scrapes(base, "suggestions_projection_lag{"),
        "the first sample of the projections' lag");
    var answer = Scrape.get(base, TOKEN);
    assertThat(answer.statusCode()).isEqualTo(200);
    Scrape scrape = new Scrape(answer.body());
    assertThat(scrape.names())
        .contains(
            "suggestions_commands_seconds_bucket",
            "suggestions_command_step_seconds_bucket",
            "suggestions_command_transactions_total",
            "suggestions_command_batch_size_bucket",
            "suggestions_command_partitions",
            "suggestions_command_lag",
            "suggestions_projection_lag",
            "suggestions_projection_dead_letters",
            "suggestions_projection_bootstrap_records_read",
            "suggestions_effects_backlog",
            "suggestions_discord_requests_seconds_count",
            "suggestions_discord_rate_limited_total",
            "suggestions_ready",
            "http_server_requests_seconds_bucket");
    assertThat(scrape.sum("suggestions_commands_seconds_count", "outcome=\"accepted\""))
        .isPositive();
    assertThat(scrape.sum("suggestions_command_partitions", "state=\"owned\"")).isEqualTo(12);
    assertThat(scrape.sum("suggestions_discord_rate_limited_total", null)).isPositive();
    assertThat(scrape.text()).doesNotContain(guild.id(), sid, ANNA.userId());
    Files.createDirectories(Path.of("target", "metrics"));
    Files.write(Path.of("target", "metrics", "names.txt"), scrape.names());

    Set<String> exposed = new HashSet<>(scrape.names());
    exposed.add("up"); // Prometheus's own, per target.
    Scrape.observabilityQueries()
        .forEach(
            (where, expr) ->
                assertThat(PromQl.metricNames(expr))
                    .as(where + ": " + expr)
                    .isNotEmpty()
                    .isSubsetOf(exposed));
  }

  private static boolean scrapes(String base, String text) {
    try {
      return Scrape.get(base, TOKEN).body().contains(text);
    } catch (Exception e) {
      return false;
    }
  }

  @Test
  void discordFaultsLoseNoEffectAndDuplicateNone() {
    Guild guild = guild();
    String posts = "/channels/" + guild.suggestions() + "/messages";
    discord.faults().rateLimit("POST", posts, 1, 1.0).serverError("POST", posts, 1, 500);

    String sid = suggest(guild, ANNA, "Slow mode in general");
    String message = suggestionMessage(guild.suggestions(), sid).id();
    discord.faults().serverError("PATCH", posts + "/" + message, 1, 502);
    discord.faults().delay("PATCH", posts + "/" + message, 1, Duration.ofSeconds(3));
    vote(guild, message, BOB, "vote:up:" + sid);

    await(
        WAIT,
        () ->
            discord
                .message(guild.suggestions(), message)
                .filter(m -> results(m).equals("👍 1   👎 0"))
                .isPresent(),
        "the vote shown despite a 502 and a slow answer");
    assertThat(postsOf(guild.suggestions(), sid)).hasSize(1);
  }

  @Test
  void aRestartInTheMiddleOfAFlowPostsNothingTwice() throws Exception {
    Guild guild = guild();
    String posts = "/channels/" + guild.suggestions() + "/messages";
    // Discord creates the message but the bot never hears back before it stops.
    discord.faults().delayAnswer("POST", posts, 1, Duration.ofSeconds(20));

    String sid = suggest(guild, ANNA, "Restart-proof suggestions");
    await(WAIT, () -> postsOf(guild.suggestions(), sid).size() == 1, "the post made on Discord");
    platform.close();
    platform = startPlatform();

    await(
        Duration.ofSeconds(60),
        () -> discord.threads(guild.suggestions()).stream().anyMatch(t -> sid.equals(t.name())),
        "the flow finished after the restart");
    assertThat(postsOf(guild.suggestions(), sid)).hasSize(1);
    assertThat(discord.requests("POST", posts)).hasSizeGreaterThanOrEqualTo(2);
  }

  @Test
  void readCommandsAnswerFromTheQueryApiAndOnlyTheirOwnerPages() {
    Guild guild = guild();
    String sid = suggest(guild, ANNA, "More emoji");
    String message = suggestionMessage(guild.suggestions(), sid).id();
    for (int i = 0; i < 16; i++) {
      FakeMember voter = FakeMember.of(Long.toString(710_000_000_000_000_000L + i), "Voter " + i);
      vote(guild, message, voter, "vote:up:" + sid);
    }
    // The message shows what the projection has applied.
    await(
        WAIT,
        () ->
            discord
                .message(guild.suggestions(), message)
                .filter(m -> results(m).equals("👍 16   👎 0"))
                .isPresent(),
        "all sixteen votes applied");

    String settings = text(slash(guild, ADMIN, "config get", Map.of()));
    String dm = text(slash(guild, ANNA, "dm view", Map.of()));
    String queue = text(slash(guild, ADMIN, "queue info", Map.of()));
    String stats = text(slash(guild, ADMIN, "stats", Map.of()));
    String votersId =
        discord.slash(
            guild.id(),
            guild.suggestions(),
            BOB,
            "en-GB",
            "view voters",
            Map.of("suggestion_id", sid));
    InteractionAnswer firstPage = discord.awaitFinalAnswer(votersId, WAIT);

    assertThat(settings)
        .contains("**suggestions**: <#" + guild.suggestions() + ">", "**keep_logs**: off");
    assertThat(dm).isEqualTo("The bot sends you DMs about your suggestions.");
    assertThat(queue).startsWith("Waiting: 0 in the virtual queue, 0 in the queue channel.");
    assertThat(stats).contains("Events in the log: ");
    assertThat(text(firstPage).lines()).hasSize(15);
    assertThat(footer(firstPage)).isEqualTo("Page 1 of 2");
    String next = firstPage.components().get(0).customId();
    String original = discord.originalResponse(votersId).orElseThrow().id();

    String stranger =
        discord.button(guild.id(), guild.suggestions(), original, ANNA, "en-GB", next);
    assertThat(text(discord.awaitFinalAnswer(stranger, WAIT)))
        .isEqualTo("Only the member who opened this list can page through it.");
    String press = discord.button(guild.id(), guild.suggestions(), original, BOB, "en-GB", next);
    InteractionAnswer secondPage = discord.awaitFinalAnswer(press, WAIT);
    assertThat(footer(secondPage)).isEqualTo("Page 2 of 2");
    assertThat(text(secondPage).lines()).hasSize(1);
    await(
        WAIT,
        () ->
            discord.answers(press).stream()
                .anyMatch(a -> a.kind() == InteractionAnswer.Kind.EDIT_ORIGINAL),
        "the second page of voters");
  }

  @Test
  void suggestionIdsAutocompleteFromTheGuildsSuggestions() {
    Guild guild = guild();
    String sid = suggest(guild, ANNA, "A welcome channel");
    suggestionMessage(guild.suggestions(), sid); // Posted from the projection, so it is there.

    String id =
        discord.autocomplete(
            guild.id(),
            guild.suggestions(),
            ADMIN,
            "en-GB",
            "approve",
            "suggestion_id",
            sid.substring(2, 6).toUpperCase());

    InteractionAnswer answer = discord.awaitFinalAnswer(id, WAIT);
    assertThat(answer.type()).isEqualTo(8);
    assertThat(answer.choices().findValuesAsText("value")).contains(sid);
  }

  @Test
  void aChannelTheBotCannotWorkInIsRefusedWithWhatIsMissing() {
    String guild = id();
    String channel = id();
    long viewAndSend = (1L << 10) | (1L << 11);
    discord
        .guild(guild)
        .locale("en-GB")
        .botPermissions(viewAndSend)
        .textChannel(channel, "ideas")
        .create();

    String id =
        discord.slash(
            guild,
            channel,
            ADMIN,
            "en-GB",
            "config channel",
            Map.of("setting", "suggestions", "channel", channel));
    InteractionAnswer answer = discord.awaitFinalAnswer(id, WAIT);

    assertThat(text(answer))
        .isEqualTo(
            "The bot can't use <#"
                + channel
                + "> yet: it needs Embed Links, Create Public Threads, Send Messages in Threads"
                + " there. Give it those permissions, then try again.");
    assertThat(footer(answer)).startsWith("Error 1000");
  }

  @Test
  void aSuggestionThatIsTooLongComesBackAsAFile() {
    Guild guild = guild();

    InteractionAnswer answer =
        slash(guild, ANNA, "suggest", Map.of("suggestion", "x".repeat(1001)));

    assertThat(footer(answer)).startsWith("Error 1302");
    assertThat(answer.attachments()).containsExactly("suggestion.txt");
  }

  // ---------------------------------------------------------------------------------------------

  /** A new guild with suggestions, log and queue channels, configured by its admin. */
  private static Guild guild() {
    var guild = new Guild(id(), id(), id(), id());
    discord
        .guild(guild.id())
        .name("Guild " + guild.id())
        .locale("en-GB")
        .textChannel(guild.suggestions(), "suggestions")
        .textChannel(guild.log(), "suggestion-log")
        .textChannel(guild.queue(), "queue")
        .create();
    command(
        guild,
        ADMIN,
        "config channel",
        Map.of("setting", "suggestions", "channel", guild.suggestions()));
    command(guild, ADMIN, "config channel", Map.of("setting", "log", "channel", guild.log()));
    command(guild, ADMIN, "config channel", Map.of("setting", "queue", "channel", guild.queue()));
    return guild;
  }

  private static String suggest(Guild guild, FakeMember member, String text) {
    return idIn(text(slash(guild, member, "suggest", Map.of("suggestion", text))));
  }

  private static void command(Guild guild, FakeMember member, String name, Map<String, ?> options) {
    InteractionAnswer answer = slash(guild, member, name, options);
    assertThat(footer(answer)).as("%s %s", name, options).isNull();
  }

  private static InteractionAnswer slash(
      Guild guild, FakeMember member, String name, Map<String, ?> options) {
    String id = discord.slash(guild.id(), guild.suggestions(), member, "en-GB", name, options);
    List<InteractionAnswer> answers = discord.awaitAnswers(id, 2, WAIT);
    assertThat(answers.get(0).isDeferral()).as("deferred first").isTrue();
    assertThat(answers.get(0).ephemeral()).as("ephemeral").isTrue();
    return answers.get(answers.size() - 1);
  }

  private static String vote(Guild guild, String message, FakeMember member, String button) {
    String id = discord.button(guild.id(), guild.suggestions(), message, member, "en-GB", button);
    return text(discord.awaitFinalAnswer(id, WAIT));
  }

  private static FakeMessage suggestionMessage(String channel, String sid) {
    return discord.awaitMessage(
        channel, m -> !m.deleted() && footerOf(m).endsWith("sID " + sid), WAIT);
  }

  private static List<FakeMessage> postsOf(String channel, String sid) {
    return discord.messages(channel).stream()
        .filter(m -> footerOf(m).endsWith("sID " + sid))
        .toList();
  }

  private static String footerOf(FakeMessage message) {
    return message.embeds().isEmpty() || message.embeds().get(0).footer() == null
        ? ""
        : message.embeds().get(0).footer();
  }

  private static String results(FakeMessage message) {
    return message.embeds().get(0).fields().stream()
        .filter(f -> f.name().equals("Results"))
        .map(FakeMessage.Field::value)
        .findFirst()
        .orElse("");
  }

  private static boolean mentions(FakeMessage message, String text) {
    return message.embeds().stream()
        .anyMatch(e -> Optional.ofNullable(e.description()).orElse("").contains(text));
  }

  private static String text(InteractionAnswer answer) {
    return answer.embeds().get(0).description();
  }

  private static String footer(InteractionAnswer answer) {
    return answer.embeds().get(0).footer();
  }

  private static String idIn(String text) {
    Matcher match = ID.matcher(text);
    assertThat(match.find()).as("an id in %s", text).isTrue();
    return match.group(1);
  }

  private static String id() {
    return Long.toString(IDS.incrementAndGet());
  }
}
