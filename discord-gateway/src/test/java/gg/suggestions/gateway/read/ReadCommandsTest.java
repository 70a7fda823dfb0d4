package gg.suggestions.gateway.read;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import gg.suggestions.eventstore.contract.Actor;
import gg.suggestions.gateway.command.InvalidInput;
import gg.suggestions.gateway.command.SlashRequest;
import gg.suggestions.gateway.component.Buttons;
import gg.suggestions.gateway.effects.MessageView;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Request → answer for every read command, against a local HTTP server that answers like the query
 * API (the query API itself is tested in query-service and end to end in deploy).
 */
class ReadCommandsTest {

  private static final String GUILD = "601219766258106399";
  private static final Actor MEMBER = new Actor("223456789012345678", 0, List.of());
  private static final Actor MODERATOR =
      new Actor("323456789012345678", Actor.MANAGE_GUILD, List.of());
  private static final ReadCommand.BotStatus BOT =
      new ReadCommand.BotStatus(
          "1.2.3", 42, 2, Duration.ofHours(50).plusMinutes(7), 41, 87, 123_456);

  private final Map<String, String> answers = new ConcurrentHashMap<>();
  private final ReadCommands commands = ReadCommands.all();
  private HttpServer server;
  private ReadCommand.Sources sources;

  @BeforeEach
  void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/",
        exchange -> {
          String key = exchange.getRequestURI().getPath();
          String query = exchange.getRequestURI().getQuery();
          String body =
              answers.getOrDefault(query == null ? key : key + "?" + query, answers.get(key));
          byte[] bytes = (body == null ? "{}" : body).getBytes(StandardCharsets.UTF_8);
          exchange.sendResponseHeaders(body == null ? 404 : 200, bytes.length);
          exchange.getResponseBody().write(bytes);
          exchange.close();
        });
    server.start();
    sources =
        new ReadCommand.Sources(
            new QueryApi("http://127.0.0.1:" + server.getAddress().getPort(), "t"), () -> BOT);
    answers.put(
        "/guilds/" + GUILD + "/config",
        """
        {"guildId":"%s","channels":{"SUGGESTIONS":"111"},"toggles":{"KEEP_LOGS":true,"VOTERS_VISIBLE":false},
         "staffRoleIds":["777"],"locale":null,"limit":{"amount":2,"period":"PT10S"},
         "blockedUserIds":["9","8"],"lastSequence":4}
        """
            .formatted(GUILD));
    answers.put(
        "/users/" + MEMBER.userId() + "/config",
        "{\"userId\":\"x\",\"directMessages\":false,\"threadPings\":true,\"lastSequence\":1}");
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  @Test
  void configGetShowsEverySettingWithItsDefaultOrOnlyTheOneAskedFor() {
    String all = text(answer("config get", MEMBER, Map.of()));
    String one = text(answer("config get", MEMBER, Map.of("setting", " KEEP_LOGS ")));

    assertThat(all)
        .contains("**suggestions**: <#111>", "**log**: not set", "**keep_logs**: on")
        .contains("**dm_messages**: on", "**voters_visible**: off", "**staff_roles**: <@&777>")
        .contains("**locale**: Discord's (de)", "**limit**: 2 per 10 s");
    assertThat(one).isEqualTo("**keep_logs**: on");
    assertThatThrownBy(() -> answer("config get", MEMBER, Map.of("setting", "colour")))
        .isInstanceOfSatisfying(
            InvalidInput.class, e -> assertThat(e.key()).isEqualTo("input.unknown_setting"));
  }

  @Test
  void theBlocklistListsItsMembersInIdOrder() {
    assertThat(text(answer("user blocklist list", MODERATOR, Map.of()))).isEqualTo("<@8>\n<@9>");
  }

  @Test
  void personalSettingsAreTheInvokersOwn() {
    assertThat(text(answer("dm view", MEMBER, Map.of())))
        .isEqualTo("The bot sends you no DMs about your suggestions.");
    assertThat(text(answer("user_config ping_on_thread_creation view", MEMBER, Map.of())))
        .isEqualTo("You are pinged in your suggestions' new threads.");
  }

  @Test
  void queueInfoCountsEachModeAndQueueViewPagesThroughTheWaitingItems() {
    answers.put(
        "/guilds/" + GUILD + "/queue/info",
        "{\"waiting\":{\"VIRTUAL\":2,\"CHANNEL\":1},\"queueing\":true,\"channelQueue\":false}");
    answers.put(
        "/guilds/" + GUILD + "/queue?page=0&size=1",
        "{\"items\":[{\"guildId\":\""
            + GUILD
            + "\",\"queueId\":\"q1w2e3r4\",\"authorId\":\"5\","
            + "\"text\":\"Dark mode\",\"anonymous\":false,\"mode\":\"VIRTUAL\",\"state\":\"QUEUED\"}]}");

    String info = text(answer("queue info", MODERATOR, Map.of()));
    MessageView view = answer("queue view", MODERATOR, Map.of());

    assertThat(info)
        .isEqualTo(
            "Waiting: 2 in the virtual queue, 1 in the queue channel. New suggestions wait in the queue.");
    assertThat(view.embed().title()).isEqualTo("Queued suggestion q1w2e3r4 (1 of 3)");
    assertThat(view.embed().description()).startsWith("Dark mode").endsWith("<@5>");
    assertThat(view.buttons())
        .extracting(MessageView.Button::id)
        .containsExactly(
            "queue:" + MODERATOR.userId() + ":1",
            "queue:approve:q1w2e3r4",
            "queue:reject:q1w2e3r4",
            "queue:" + MODERATOR.userId() + ":-1");
    assertThat(
            ReadCommands.page(
                request("queue view", MODERATOR, Map.of()),
                sources.query(),
                Buttons.pager("queue:" + MODERATOR.userId() + ":-1").orElseThrow()))
        .isEmpty();
  }

  @Test
  void votersArePagedFifteenAtATimeAndHiddenFromMembersWhenTheGuildSaysSo() {
    answers.put(
        "/guilds/" + GUILD + "/suggestions/k3x9ab2f",
        "{\"submission\":{\"suggestionId\":\"k3x9ab2f\"},\"state\":\"PENDING\",\"upVotes\":16,\"downVotes\":1}");
    answers.put(
        "/guilds/" + GUILD + "/suggestions/k3x9ab2f/voters?direction=up&page=0&size=15",
        "{\"voterIds\":[\"1\",\"2\",\"3\",\"4\",\"5\",\"6\",\"7\",\"8\",\"9\",\"10\",\"11\",\"12\",\"13\",\"14\",\"15\"]}");

    MessageView hidden =
        answer("view voters", MEMBER, Map.of("suggestion_id", "K3X9AB2F", "filter", "up"));
    MessageView shown =
        answer("view voters", MODERATOR, Map.of("suggestion_id", "K3X9AB2F", "filter", "up"));

    assertThat(text(hidden)).isEqualTo("This server keeps voters private.");
    assertThat(shown.embed().title()).isEqualTo("Up voters on k3x9ab2f");
    assertThat(text(shown).lines()).hasSize(15).first().isEqualTo("<@1>");
    assertThat(shown.embed().footer()).isEqualTo("Page 1 of 2");
    assertThat(shown.buttons())
        .extracting(MessageView.Button::id)
        .containsExactly("voters:" + MODERATOR.userId() + ":1:k3x9ab2f:up");
  }

  @Test
  void infoPingAndStatsDescribeTheBot() {
    assertThat(text(answer("info", MEMBER, Map.of()))).contains("Version 1.2.3");
    assertThat(text(answer("ping", MEMBER, Map.of())))
        .isEqualTo("Gateway heartbeat: 41 ms · REST round trip: 87 ms");
    assertThat(text(answer("stats", MEMBER, Map.of())))
        .isEqualTo(
            "Servers: 42 · Shards: 2 · Uptime: 2d 2h 7m · Version: 1.2.3\nEvents in the log: 123,456");
  }

  private MessageView answer(String name, Actor actor, Map<String, String> options) {
    return commands.named(name).orElseThrow().answer(request(name, actor, options), sources);
  }

  private static SlashRequest request(String name, Actor actor, Map<String, String> options) {
    return new SlashRequest("99", name, options, null, GUILD, actor, "en-GB", "de", Instant.EPOCH);
  }

  private static String text(MessageView view) {
    return view.embed().description();
  }
}
