package gg.suggestions.gateway.fake;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.dv8tion.jda.api.JDA;
import net.dv8tion.jda.api.JDABuilder;
import net.dv8tion.jda.api.requests.GatewayIntent;
import net.dv8tion.jda.api.requests.RestConfig;
import net.dv8tion.jda.api.sharding.DefaultShardManagerBuilder;
import net.dv8tion.jda.api.utils.Compression;
import net.dv8tion.jda.api.utils.SessionController;
import net.dv8tion.jda.api.utils.SessionControllerAdapter;
import org.java_websocket.WebSocket;
import org.java_websocket.handshake.ClientHandshake;
import org.java_websocket.server.WebSocketServer;

/**
 * A local fake of Discord (REST API v10 + JSON gateway without compression) for end-to-end tests of
 * the real JDA client. Thread-safe: all state is guarded by {@code this}; gateway sends are
 * serialized by {@code gatewayLock}.
 */
public final class FakeDiscord implements AutoCloseable {

  static final ObjectMapper JSON = new ObjectMapper();
  private static final long DISCORD_EPOCH = 1420070400000L;
  public static final long ADMINISTRATOR = 1L << 3;

  private final String token = "fake-bot-token-" + Long.toHexString(System.nanoTime());
  private long lastSnowflake;
  private final String appId = nextId();

  private final HttpServer http;
  private final ExecutorService httpPool;
  private final Gateway gateway;
  private final Faults faults = new Faults();

  // ---- state (guarded by this) ----
  private final Map<String, GuildState> guilds = new LinkedHashMap<>();
  private final Map<String, ChannelState> channels = new LinkedHashMap<>();
  private final Map<String, List<MessageState>> messages = new LinkedHashMap<>();
  private final Map<String, String> nonces = new ConcurrentHashMap<>();
  private final Map<String, String> dmChannelByUser = new LinkedHashMap<>();
  private final Map<String, ObjectNode> users = new LinkedHashMap<>();
  private final Map<String, InteractionState> interactions = new LinkedHashMap<>();
  private final Map<String, InteractionState> interactionsByToken = new LinkedHashMap<>();
  private final Map<String, ArrayNode> commands = new LinkedHashMap<>(); // "" = global
  private final Map<String, String> commandIds = new LinkedHashMap<>();
  private final List<RecordedRequest> requests = new CopyOnWriteArrayList<>();

  private FakeDiscord() throws IOException, InterruptedException {
    users.put(appId, userJson(appId, "FakeBot", true));
    httpPool =
        Executors.newCachedThreadPool(
            r -> {
              Thread t = new Thread(r, "fake-discord-rest");
              t.setDaemon(true);
              return t;
            });
    http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    http.createContext("/", this::handleHttp);
    http.setExecutor(httpPool);
    http.start();
    gateway = new Gateway();
    gateway.start();
    if (!gateway.started.await(10, TimeUnit.SECONDS)) {
      throw new IllegalStateException("fake gateway did not start");
    }
  }

  public static FakeDiscord start() {
    try {
      return new FakeDiscord();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    try {
      gateway.stop(1000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    http.stop(0);
    httpPool.shutdownNow();
  }

  // =====================================================================================
  // Connection details and JDA wiring
  // =====================================================================================

  public String restBaseUrl() {
    return "http://127.0.0.1:" + http.getAddress().getPort() + "/api/v10/";
  }

  public String gatewayUrl() {
    return "ws://127.0.0.1:" + gateway.getPort() + "/";
  }

  public String token() {
    return token;
  }

  public String applicationId() {
    return appId;
  }

  /** The bot's user id (same as the application id, like most real bots). */
  public String botUserId() {
    return appId;
  }

  public Faults faults() {
    return faults;
  }

  /**
   * A session controller that points JDA (non-sharded) at the fake gateway — JDA's default
   * controller hard-codes {@code wss://gateway.discord.gg/} and never asks REST — and that does not
   * wait 5 s between (re)connects.
   */
  public SessionController sessionController() {
    String url = gatewayUrl();
    return new SessionControllerAdapter() {
      @Override
      public String getGateway() {
        return url;
      }

      @Override
      protected void runWorker() {
        synchronized (lock) {
          if (workerHandle == null) {
            workerHandle = new QueueWorker(0L);
            workerHandle.start();
          }
        }
      }
    };
  }

  public RestConfig restConfig() {
    return new RestConfig().setBaseUrl(restBaseUrl());
  }

  /** {@code JDABuilder.createLight(token, intents)} wired to this fake. */
  public JDABuilder jdaBuilder(GatewayIntent... intents) {
    return JDABuilder.createLight(token, List.of(intents))
        .setRestConfig(restConfig())
        .setSessionController(sessionController())
        .setCompression(Compression.NONE);
  }

  /** {@code DefaultShardManagerBuilder.createLight} wired to this fake, one shard. */
  public DefaultShardManagerBuilder shardManagerBuilder(GatewayIntent... intents) {
    return DefaultShardManagerBuilder.createLight(token, List.of(intents))
        .setRestConfig(restConfig())
        .setSessionController(sessionController())
        .setCompression(Compression.NONE)
        .setShardsTotal(1);
  }

  // =====================================================================================
  // Guild setup
  // =====================================================================================

  /** Starts describing a guild; call {@link GuildBuilder#create()} to add it. */
  public GuildBuilder guild(String guildId) {
    return new GuildBuilder(guildId);
  }

  public final class GuildBuilder {
    private final String id;
    private String name = "Fake Guild";
    private String locale = "en-US";
    private long botPermissions = ADMINISTRATOR;
    private long everyonePermissions = 0;
    private final List<String[]> textChannels = new ArrayList<>();
    private final List<Object[]> roles = new ArrayList<>();

    private GuildBuilder(String id) {
      this.id = id;
    }

    public GuildBuilder name(String name) {
      this.name = name;
      return this;
    }

    public GuildBuilder locale(String discordLocale) {
      this.locale = discordLocale;
      return this;
    }

    public GuildBuilder textChannel(String channelId, String channelName) {
      textChannels.add(new String[] {channelId, channelName});
      return this;
    }

    public GuildBuilder role(String roleId, String roleName, long permissions) {
      roles.add(new Object[] {roleId, roleName, permissions});
      return this;
    }

    /** Permissions of the bot's own role (default ADMINISTRATOR). */
    public GuildBuilder botPermissions(long permissions) {
      this.botPermissions = permissions;
      return this;
    }

    public GuildBuilder everyonePermissions(long permissions) {
      this.everyonePermissions = permissions;
      return this;
    }

    /**
     * Adds the guild. Before JDA identified it appears in READY; afterwards a GUILD_CREATE is
     * dispatched (JDA fires GuildJoinEvent).
     */
    public FakeDiscord create() {
      ObjectNode guildJson;
      synchronized (FakeDiscord.this) {
        GuildState g = new GuildState(id, name, locale);
        g.roles.put(id, roleJson(id, "@everyone", everyonePermissions, 0));
        String botRole = nextId();
        g.roles.put(botRole, roleJson(botRole, "FakeBot", botPermissions, 1));
        g.botRoleId = botRole;
        int pos = 2;
        for (Object[] r : roles) {
          g.roles.put((String) r[0], roleJson((String) r[0], (String) r[1], (Long) r[2], pos++));
        }
        guilds.put(id, g);
        int position = 0;
        for (String[] c : textChannels) {
          ChannelState ch = new ChannelState(c[0], 0);
          ch.guildId = id;
          ch.name = c[1];
          ch.position = position++;
          channels.put(ch.id, ch);
          g.channelIds.add(ch.id);
        }
        guildJson = guildCreateJson(g);
      }
      gateway.dispatchGuildCreate(id, guildJson);
      return FakeDiscord.this;
    }
  }

  // =====================================================================================
  // Interactions
  // =====================================================================================

  /** Slash command; {@code commandPath} is "name", "name sub" or "name group sub". */
  public String slash(
      String guildId,
      String channelId,
      FakeMember member,
      String locale,
      String commandPath,
      Map<String, ?> options) {
    return deliver(
        guildId, channelId, member, locale, 2, slashData(commandPath, options, null, guildId));
  }

  public String slashInDm(
      String userId, String locale, String commandPath, Map<String, ?> options) {
    FakeMember user = FakeMember.of(userId, userName(userId));
    String channelId = openDm(userId);
    return deliver(null, channelId, user, locale, 2, slashData(commandPath, options, null, null));
  }

  public String autocomplete(
      String guildId,
      String channelId,
      FakeMember member,
      String locale,
      String commandPath,
      String focusedOption,
      String typedValue) {
    Map<String, Object> opts = new LinkedHashMap<>();
    opts.put(focusedOption, typedValue);
    return deliver(
        guildId,
        channelId,
        member,
        locale,
        4,
        slashData(commandPath, opts, focusedOption, guildId));
  }

  public String button(
      String guildId,
      String channelId,
      String messageId,
      FakeMember member,
      String locale,
      String customId) {
    ObjectNode data = JSON.createObjectNode();
    data.put("custom_id", customId);
    data.put("component_type", 2);
    ObjectNode message;
    synchronized (this) {
      MessageState m = findMessage(channelId, messageId);
      message = m != null ? messageJson(m) : placeholderMessage(channelId, guildId, messageId);
    }
    return deliver(guildId, channelId, member, locale, 3, data, message);
  }

  public String messageCommand(
      String guildId,
      String channelId,
      String messageId,
      FakeMember member,
      String locale,
      String commandName) {
    ObjectNode data = JSON.createObjectNode();
    ObjectNode message;
    synchronized (this) {
      data.put("id", commandId(commandName));
      MessageState m = findMessage(channelId, messageId);
      message = m != null ? messageJson(m) : placeholderMessage(channelId, guildId, messageId);
    }
    data.put("name", commandName);
    data.put("type", 3);
    data.put("target_id", messageId);
    if (guildId != null) {
      data.put("guild_id", guildId);
    }
    data.putObject("resolved").putObject("messages").set(messageId, message);
    return deliver(guildId, channelId, member, locale, 2, data);
  }

  private ObjectNode slashData(
      String commandPath, Map<String, ?> options, String focused, String guildId) {
    String[] parts = commandPath.trim().split("\\s+");
    ObjectNode data = JSON.createObjectNode();
    synchronized (this) {
      data.put("id", commandId(parts[0]));
    }
    data.put("name", parts[0]);
    data.put("type", 1);
    ArrayNode leafOptions = JSON.createArrayNode();
    for (Map.Entry<String, ?> e : options.entrySet()) {
      ObjectNode o = leafOptions.addObject();
      o.put("name", e.getKey());
      Object v = e.getValue();
      if (v instanceof Boolean) {
        o.put("type", 5);
        o.put("value", (Boolean) v);
      } else if (v instanceof Long || v instanceof Integer) {
        o.put("type", 4);
        o.put("value", ((Number) v).longValue());
      } else if (v instanceof Double) {
        o.put("type", 10);
        o.put("value", (Double) v);
      } else {
        o.put("type", 3);
        o.put("value", String.valueOf(v));
      }
      if (e.getKey().equals(focused)) {
        o.put("focused", true);
      }
    }
    ArrayNode top = data.putArray("options");
    if (parts.length == 1) {
      top.addAll(leafOptions);
    } else if (parts.length == 2) {
      ObjectNode sub = top.addObject().put("type", 1).put("name", parts[1]);
      sub.set("options", leafOptions);
    } else {
      ObjectNode group = top.addObject().put("type", 2).put("name", parts[1]);
      ObjectNode sub = group.putArray("options").addObject().put("type", 1).put("name", parts[2]);
      sub.set("options", leafOptions);
    }
    return data;
  }

  private String deliver(
      String guildId,
      String channelId,
      FakeMember member,
      String locale,
      int type,
      ObjectNode data) {
    return deliver(guildId, channelId, member, locale, type, data, null);
  }

  private String deliver(
      String guildId,
      String channelId,
      FakeMember member,
      String locale,
      int type,
      ObjectNode data,
      ObjectNode message) {
    ObjectNode roleCreate = null;
    ObjectNode payload = JSON.createObjectNode();
    String id;
    synchronized (this) {
      id = nextId();
      String itoken = "itoken-" + id;
      InteractionState state = new InteractionState(id, itoken, type, guildId, channelId);
      if (type == 3 && message != null) {
        state.componentMessageId = message.path("id").asText();
        state.componentMessage = findMessage(channelId, state.componentMessageId);
      }
      interactions.put(id, state);
      interactionsByToken.put(itoken, state);
      users.putIfAbsent(member.userId(), userJson(member.userId(), member.displayName(), false));

      payload.put("id", id);
      payload.put("application_id", appId);
      payload.put("type", type);
      payload.put("token", itoken);
      payload.put("version", 1);
      payload.put("channel_id", channelId);
      payload.put("locale", locale);
      payload.put("attachment_size_limit", 10 * 1024 * 1024);
      payload.putArray("entitlements");
      payload.set("data", data);
      if (message != null) {
        payload.set("message", message);
      }
      if (guildId != null) {
        GuildState g = requireGuild(guildId);
        List<String> roleIds = new ArrayList<>(member.roleIds());
        if (member.permissions() != 0) {
          String roleId = g.permissionRoles.get(member.permissions());
          if (roleId == null) {
            roleId = nextId();
            g.permissionRoles.put(member.permissions(), roleId);
            ObjectNode role =
                roleJson(
                    roleId, "perms-" + member.permissions(), member.permissions(), g.roles.size());
            g.roles.put(roleId, role);
            roleCreate = JSON.createObjectNode().put("guild_id", guildId);
            roleCreate.set("role", role);
          }
          roleIds.add(roleId);
        }
        long perms = g.rolePermissions(g.id);
        for (String r : roleIds) {
          perms |= g.rolePermissions(r);
        }
        ObjectNode memberJson = memberJson(member.userId(), member.displayName(), roleIds);
        memberJson.put("permissions", Long.toString(perms));
        g.members.put(member.userId(), memberJson(member.userId(), member.displayName(), roleIds));
        payload.set("member", memberJson);
        payload.put("guild_id", guildId);
        payload.put("guild_locale", g.locale);
        ObjectNode gj = payload.putObject("guild");
        gj.put("id", guildId);
        gj.put("locale", g.locale);
        gj.putArray("features");
        payload.set("channel", channelJson(requireChannel(channelId)));
        payload.put("app_permissions", Long.toString(g.rolePermissions(g.botRoleId)));
        payload.put("context", 0);
        payload.putObject("authorizing_integration_owners").put("0", guildId);
      } else {
        payload.set("user", users.get(member.userId()));
        payload.set("channel", channelJson(requireChannel(channelId)));
        payload.put("context", 1);
        payload.put("app_permissions", "0");
        payload.putObject("authorizing_integration_owners").put("0", "0");
      }
    }
    if (roleCreate != null) {
      gateway.dispatchForGuild(guildId, "GUILD_ROLE_CREATE", roleCreate);
    }
    gateway.dispatch("INTERACTION_CREATE", payload);
    return id;
  }

  // =====================================================================================
  // Read side for tests
  // =====================================================================================

  public synchronized List<InteractionAnswer> answers(String interactionId) {
    InteractionState s = interactions.get(interactionId);
    return s == null ? List.of() : List.copyOf(s.answers);
  }

  /** Waits for the first answer that is not a mere deferral (reply, edit, followup, modal...). */
  /**
   * How long after the interaction was created the bot's answers came, in order (the first is
   * usually the deferral): for latency measurements.
   */
  public synchronized List<Duration> answerDelays(String interactionId) {
    InteractionState s = interactions.get(interactionId);
    if (s == null) {
      return List.of();
    }
    return s.answeredAt.stream().map(at -> Duration.between(s.deliveredAt, at)).toList();
  }

  public InteractionAnswer awaitFinalAnswer(String interactionId, Duration timeout) {
    return await(
        timeout,
        () -> answers(interactionId).stream().filter(a -> !a.isDeferral()).findFirst(),
        "a final answer to interaction " + interactionId + "; got " + answers(interactionId));
  }

  /** Waits until {@code count} answers exist and returns them all. */
  public List<InteractionAnswer> awaitAnswers(String interactionId, int count, Duration timeout) {
    return await(
        timeout,
        () -> {
          List<InteractionAnswer> a = answers(interactionId);
          return a.size() >= count ? Optional.of(a) : Optional.empty();
        },
        count + " answers to interaction " + interactionId + "; got " + answers(interactionId));
  }

  /** The message the interaction's original response currently shows, if any. */
  public synchronized Optional<FakeMessage> originalResponse(String interactionId) {
    InteractionState s = interactions.get(interactionId);
    return s == null || s.original == null ? Optional.empty() : Optional.of(snapshot(s.original));
  }

  /** Current state of all messages ever posted in the channel, oldest first (deleted included). */
  public synchronized List<FakeMessage> messages(String channelId) {
    return messages.getOrDefault(channelId, List.of()).stream().map(this::snapshot).toList();
  }

  public synchronized Optional<FakeMessage> message(String channelId, String messageId) {
    return Optional.ofNullable(findMessage(channelId, messageId)).map(this::snapshot);
  }

  public FakeMessage awaitMessage(
      String channelId, Predicate<FakeMessage> filter, Duration timeout) {
    return await(
        timeout,
        () -> messages(channelId).stream().filter(filter).findFirst(),
        "a matching message in " + channelId + "; have " + messages(channelId));
  }

  public synchronized List<FakeChannel> threads(String parentChannelId) {
    return channels.values().stream()
        .filter(c -> parentChannelId.equals(c.parentId))
        .map(ChannelState::snapshot)
        .toList();
  }

  public synchronized Optional<FakeChannel> channel(String channelId) {
    return Optional.ofNullable(channels.get(channelId)).map(ChannelState::snapshot);
  }

  public synchronized Optional<String> dmChannelId(String userId) {
    return Optional.ofNullable(dmChannelByUser.get(userId));
  }

  public List<FakeMessage> directMessages(String userId) {
    return dmChannelId(userId).map(this::messages).orElse(List.of());
  }

  public List<RecordedRequest> requests() {
    return List.copyOf(requests);
  }

  public List<RecordedRequest> requests(String method, String pathRegex) {
    return requests.stream().filter(r -> r.is(method, pathRegex)).toList();
  }

  /** Requests the fake could not route (answered 404 "Unknown route"). */
  public List<RecordedRequest> unknownRequests() {
    return requests.stream()
        .filter(r -> r.status() == 404 && r.body().startsWith("#unknown"))
        .toList();
  }

  /** Registered commands: key "" for global, else guild id; values are the JSON as stored. */
  public synchronized Map<String, JsonNode> registeredCommands() {
    Map<String, JsonNode> out = new LinkedHashMap<>();
    commands.forEach((k, v) -> out.put(k, v.deepCopy()));
    return out;
  }

  public synchronized List<JsonNode> globalCommands() {
    List<JsonNode> out = new ArrayList<>();
    commands.getOrDefault("", JSON.createArrayNode()).forEach(out::add);
    return out;
  }

  // ---- gateway control / stats ----

  /** Closes the bot's websocket (code 4000); JDA resumes. */
  public void disconnectGateway() {
    gateway.disconnect(true);
  }

  /** Closes the websocket and forgets the session: JDA's RESUME gets op 9 and it re-identifies. */
  public void invalidateSession() {
    gateway.disconnect(false);
  }

  public int identifyCount() {
    return gateway.identifies.get();
  }

  public int resumeCount() {
    return gateway.resumes.get();
  }

  public boolean gatewaySessionActive() {
    return gateway.isActive();
  }

  // =====================================================================================
  // Await helpers
  // =====================================================================================

  public static <T> T await(Duration timeout, Supplier<Optional<T>> probe, String what) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      Optional<T> v = probe.get();
      if (v.isPresent()) {
        return v.get();
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("Timed out after " + timeout + " waiting for " + what);
      }
      sleep(15);
    }
  }

  public static void await(Duration timeout, BooleanSupplier condition, String what) {
    await(
        timeout,
        () -> condition.getAsBoolean() ? Optional.of(Boolean.TRUE) : Optional.empty(),
        what);
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  // =====================================================================================
  // REST
  // =====================================================================================

  private record Req(String method, String path, String query, JsonNode body, List<Part> files) {
    String q(String name) {
      for (String kv : query.split("&")) {
        int i = kv.indexOf('=');
        if (i > 0 && kv.substring(0, i).equals(name)) {
          return kv.substring(i + 1);
        }
      }
      return null;
    }
  }

  private record Part(String name, String filename, byte[] bytes) {}

  private record Resp(int status, JsonNode body) {}

  private interface Handler {
    Resp handle(Req req, Matcher m);
  }

  private record Route(String method, Pattern pattern, Handler handler) {}

  private final List<Route> routes = buildRoutes();

  private List<Route> buildRoutes() {
    List<Route> r = new ArrayList<>();
    String id = "(\\d+)";
    add(r, "GET", "/gateway", (q, m) -> ok(JSON.createObjectNode().put("url", gatewayUrl())));
    add(r, "GET", "/gateway/bot", (q, m) -> ok(gatewayBot()));
    add(r, "GET", "/users/@me", (q, m) -> ok(botUser()));
    add(r, "GET", "/oauth2/applications/@me", (q, m) -> ok(applicationInfo()));
    add(r, "GET", "/applications/@me", (q, m) -> ok(applicationInfo()));
    add(r, "POST", "/users/@me/channels", (q, m) -> openDmRoute(q));
    add(r, "PUT", "/applications/" + id + "/commands", (q, m) -> putCommands("", q));
    add(r, "GET", "/applications/" + id + "/commands", (q, m) -> getCommands(""));
    add(
        r,
        "PUT",
        "/applications/" + id + "/guilds/" + id + "/commands",
        (q, m) -> putCommands(m.group(2), q));
    add(
        r,
        "GET",
        "/applications/" + id + "/guilds/" + id + "/commands",
        (q, m) -> getCommands(m.group(2)));
    add(r, "GET", "/channels/" + id, (q, m) -> getChannel(m.group(1)));
    add(r, "PATCH", "/channels/" + id, (q, m) -> patchChannel(m.group(1), q));
    add(r, "POST", "/channels/" + id + "/messages", (q, m) -> createMessage(m.group(1), q));
    add(r, "GET", "/channels/" + id + "/messages", (q, m) -> history(m.group(1), q));
    add(
        r,
        "GET",
        "/channels/" + id + "/messages/" + id,
        (q, m) -> getMessage(m.group(1), m.group(2)));
    add(
        r,
        "PATCH",
        "/channels/" + id + "/messages/" + id,
        (q, m) -> editMessage(m.group(1), m.group(2), q));
    add(
        r,
        "DELETE",
        "/channels/" + id + "/messages/" + id,
        (q, m) -> deleteMessage(m.group(1), m.group(2)));
    add(
        r,
        "POST",
        "/channels/" + id + "/messages/" + id + "/threads",
        (q, m) -> threadFromMessage(m.group(1), m.group(2), q));
    add(r, "POST", "/channels/" + id + "/threads", (q, m) -> threadWithoutMessage(m.group(1), q));
    add(r, "PUT", "/channels/" + id + "/thread-members/(@me|\\d+)", (q, m) -> noContent());
    add(r, "DELETE", "/channels/" + id + "/thread-members/(@me|\\d+)", (q, m) -> noContent());
    add(
        r,
        "POST",
        "/interactions/" + id + "/([^/]+)/callback",
        (q, m) -> callback(m.group(1), m.group(2), q));
    add(r, "POST", "/webhooks/" + id + "/([^/]+)", (q, m) -> followup(m.group(2), q));
    add(
        r,
        "GET",
        "/webhooks/" + id + "/([^/]+)/messages/(@original|\\d+)",
        (q, m) -> getWebhookMessage(m.group(2), m.group(3)));
    add(
        r,
        "PATCH",
        "/webhooks/" + id + "/([^/]+)/messages/(@original|\\d+)",
        (q, m) -> editWebhookMessage(m.group(2), m.group(3), q));
    add(
        r,
        "DELETE",
        "/webhooks/" + id + "/([^/]+)/messages/(@original|\\d+)",
        (q, m) -> deleteWebhookMessage(m.group(2), m.group(3)));
    return r;
  }

  private static void add(List<Route> r, String method, String regex, Handler h) {
    r.add(new Route(method, Pattern.compile(regex), h));
  }

  private void handleHttp(HttpExchange ex) throws IOException {
    try (ex) {
      String method = ex.getRequestMethod().toUpperCase();
      String rawPath = ex.getRequestURI().getRawPath();
      String query = Optional.ofNullable(ex.getRequestURI().getRawQuery()).orElse("");
      String path =
          rawPath.startsWith("/api/v10") ? rawPath.substring("/api/v10".length()) : rawPath;
      if (path.length() > 1 && path.endsWith("/")) {
        path = path.substring(0, path.length() - 1);
      }
      byte[] raw;
      try (InputStream in = ex.getRequestBody()) {
        raw = in.readAllBytes();
      }
      String contentType =
          Optional.ofNullable(ex.getRequestHeaders().getFirst("Content-Type")).orElse("");
      String bodyText;
      List<Part> files = new ArrayList<>();
      if (contentType.startsWith("multipart/form-data")) {
        bodyText = "";
        for (Part p : parseMultipart(raw, contentType)) {
          if (p.filename() != null) {
            files.add(p);
          } else if ("payload_json".equals(p.name())) {
            bodyText = new String(p.bytes(), StandardCharsets.UTF_8);
          }
        }
      } else {
        bodyText = new String(raw, StandardCharsets.UTF_8);
      }
      List<String> fileNames = files.stream().map(Part::filename).toList();

      Faults.Rule fault = faults.claim(method, path);
      Duration answerLate = Duration.ZERO;
      if (fault != null && fault.kind == Faults.Kind.DELAY) {
        sleep(fault.delay.toMillis());
        fault = null;
      } else if (fault != null && fault.kind == Faults.Kind.DELAY_ANSWER) {
        answerLate = fault.delay;
        fault = null;
      }

      boolean needsAuth = !path.startsWith("/interactions/") && !path.startsWith("/webhooks/");
      String auth = ex.getRequestHeaders().getFirst("Authorization");
      Resp resp;
      String recordedBody = bodyText;
      if (needsAuth && !("Bot " + token).equals(auth)) {
        resp = new Resp(401, error(0, "401: Unauthorized"));
      } else if (fault != null && fault.kind == Faults.Kind.RATE_LIMIT) {
        rateLimitHeaders(ex, fault, method, path);
        ObjectNode b = JSON.createObjectNode();
        b.put("message", "You are being rate limited.");
        b.put("retry_after", fault.retryAfterSeconds);
        b.put("global", false);
        resp = new Resp(429, b);
      } else if (fault != null) {
        resp = new Resp(fault.status, error(0, fault.status + ": Fake server error"));
      } else {
        resp = null;
        JsonNode body = bodyText.isBlank() ? JSON.createObjectNode() : parse(bodyText);
        Req req = new Req(method, path, query, body, files);
        for (Route route : routes) {
          if (!route.method().equals(method)) {
            continue;
          }
          Matcher m = route.pattern().matcher(path);
          if (m.matches()) {
            resp = route.handler().handle(req, m);
            break;
          }
        }
        if (resp == null) {
          resp = new Resp(404, error(0, "404: Not Found"));
          recordedBody = "#unknown " + bodyText;
        }
      }
      requests.add(
          new RecordedRequest(method, path, query, recordedBody, fileNames, resp.status()));
      // The request took effect; the client hears of it only now (or never, if it gave up).
      sleep(answerLate.toMillis());
      send(ex, resp);
    } catch (RuntimeException e) {
      e.printStackTrace();
      ex.sendResponseHeaders(500, -1);
    }
  }

  private void rateLimitHeaders(HttpExchange ex, Faults.Rule fault, String method, String path) {
    long retry = (long) Math.ceil(fault.retryAfterSeconds);
    var h = ex.getResponseHeaders();
    h.set("Retry-After", Long.toString(retry));
    h.set("X-RateLimit-Limit", "5");
    h.set("X-RateLimit-Remaining", "0");
    h.set("X-RateLimit-Reset-After", Double.toString(fault.retryAfterSeconds));
    h.set(
        "X-RateLimit-Reset",
        Double.toString(System.currentTimeMillis() / 1000.0 + fault.retryAfterSeconds));
    h.set(
        "X-RateLimit-Bucket",
        "fake" + Integer.toHexString((method + fault.path.pattern()).hashCode()));
    h.set("X-RateLimit-Scope", "user");
    // Without a Via header JDA takes a 429 for a Cloudflare (global) ban.
    h.set("Via", "1.1 google");
  }

  private static void send(HttpExchange ex, Resp resp) throws IOException {
    if (resp.body() == null) {
      ex.sendResponseHeaders(resp.status(), -1);
      return;
    }
    byte[] out = JSON.writeValueAsBytes(resp.body());
    ex.getResponseHeaders().set("Content-Type", "application/json");
    ex.sendResponseHeaders(resp.status(), out.length);
    try (OutputStream os = ex.getResponseBody()) {
      os.write(out);
    }
  }

  private static List<Part> parseMultipart(byte[] raw, String contentType) {
    Matcher bm = Pattern.compile("boundary=\"?([^\";]+)\"?").matcher(contentType);
    if (!bm.find()) {
      return List.of();
    }
    String body = new String(raw, StandardCharsets.ISO_8859_1);
    List<Part> parts = new ArrayList<>();
    for (String chunk : body.split(Pattern.quote("--" + bm.group(1)))) {
      int sep = chunk.indexOf("\r\n\r\n");
      if (sep < 0) {
        continue;
      }
      String headers = chunk.substring(0, sep);
      String content = chunk.substring(sep + 4);
      if (content.endsWith("\r\n")) {
        content = content.substring(0, content.length() - 2);
      }
      Matcher name = Pattern.compile("name=\"([^\"]*)\"").matcher(headers);
      Matcher file = Pattern.compile("filename=\"([^\"]*)\"").matcher(headers);
      parts.add(
          new Part(
              name.find() ? name.group(1) : null,
              file.find() ? file.group(1) : null,
              content.getBytes(StandardCharsets.ISO_8859_1)));
    }
    return parts;
  }

  private static Resp ok(JsonNode body) {
    return new Resp(200, body);
  }

  private static Resp noContent() {
    return new Resp(204, null);
  }

  private static ObjectNode error(int code, String message) {
    return JSON.createObjectNode().put("code", code).put("message", message);
  }

  // ---- route handlers ----

  private ObjectNode gatewayBot() {
    ObjectNode o = JSON.createObjectNode().put("url", gatewayUrl()).put("shards", 1);
    o.putObject("session_start_limit")
        .put("total", 1000)
        .put("remaining", 1000)
        .put("reset_after", 0)
        .put("max_concurrency", 1);
    return o;
  }

  private synchronized ObjectNode botUser() {
    return users.get(appId).deepCopy();
  }

  private synchronized ObjectNode applicationInfo() {
    ObjectNode o = JSON.createObjectNode();
    o.put("id", appId);
    o.put("name", "FakeBot");
    o.put("description", "");
    o.put("bot_public", true);
    o.put("bot_require_code_grant", false);
    o.put("flags", 0);
    o.set("owner", userJson("1", "owner", false));
    o.set("bot", users.get(appId).deepCopy());
    return o;
  }

  private Resp openDmRoute(Req q) {
    String userId = q.body().path("recipient_id").asText();
    String channelId = openDm(userId);
    synchronized (this) {
      return ok(channelJson(channels.get(channelId)));
    }
  }

  private synchronized String openDm(String userId) {
    return dmChannelByUser.computeIfAbsent(
        userId,
        u -> {
          users.putIfAbsent(u, userJson(u, "user" + u, false));
          ChannelState c = new ChannelState(nextId(), 1);
          c.recipientId = u;
          channels.put(c.id, c);
          return c.id;
        });
  }

  private synchronized Resp putCommands(String scope, Req q) {
    ArrayNode stored = JSON.createArrayNode();
    for (JsonNode c : q.body()) {
      ObjectNode copy = ((ObjectNode) c).deepCopy();
      String name = copy.path("name").asText();
      String key = scope + "|" + copy.path("type").asInt(1) + "|" + name;
      String cid = commandIds.computeIfAbsent(key, k -> nextId());
      commandIds.putIfAbsent("|1|" + name, cid); // so interactions find an id
      copy.put("id", cid);
      copy.put("application_id", appId);
      copy.put("version", cid);
      if (!scope.isEmpty()) {
        copy.put("guild_id", scope);
      }
      stored.add(copy);
    }
    commands.put(scope, stored);
    return ok(stored.deepCopy());
  }

  private synchronized Resp getCommands(String scope) {
    return ok(commands.getOrDefault(scope, JSON.createArrayNode()).deepCopy());
  }

  private synchronized String commandId(String name) {
    return commandIds.computeIfAbsent("|1|" + name, k -> nextId());
  }

  private synchronized Resp getChannel(String channelId) {
    ChannelState c = channels.get(channelId);
    return c == null ? new Resp(404, error(10003, "Unknown Channel")) : ok(channelJson(c));
  }

  private Resp patchChannel(String channelId, Req q) {
    ObjectNode json;
    synchronized (this) {
      ChannelState c = channels.get(channelId);
      if (c == null) {
        return new Resp(404, error(10003, "Unknown Channel"));
      }
      JsonNode b = q.body();
      if (b.has("name")) {
        c.name = b.get("name").asText();
      }
      if (b.has("archived")) {
        c.archived = b.get("archived").asBoolean();
      }
      if (b.has("locked")) {
        c.locked = b.get("locked").asBoolean();
      }
      if (b.has("auto_archive_duration")) {
        c.autoArchiveDuration = b.get("auto_archive_duration").asInt();
      }
      json = channelJson(c);
      if (!c.snapshot().isThread()) {
        return ok(json);
      }
    }
    gateway.dispatchForGuild(json.path("guild_id").asText(), "THREAD_UPDATE", json.deepCopy());
    return ok(json);
  }

  private synchronized Resp createMessage(String channelId, Req q) {
    ChannelState c = channels.get(channelId);
    if (c == null) {
      return new Resp(404, error(10003, "Unknown Channel"));
    }
    JsonNode b = q.body();
    String nonce = b.hasNonNull("nonce") ? b.get("nonce").asText() : null;
    if (nonce != null && b.path("enforce_nonce").asBoolean(false)) {
      String existing = nonces.get(channelId + "|" + nonce);
      if (existing != null) {
        return ok(messageJson(findMessage(channelId, existing)));
      }
    }
    MessageState m = new MessageState(nextId(), channelId, c.guildId, appId);
    applyMessageBody(m, b, q.files());
    m.nonce = nonce;
    messages.computeIfAbsent(channelId, k -> new ArrayList<>()).add(m);
    if (nonce != null) {
      nonces.putIfAbsent(channelId + "|" + nonce, m.id);
    }
    return ok(messageJson(m));
  }

  private synchronized Resp history(String channelId, Req q) {
    if (!channels.containsKey(channelId)) {
      return new Resp(404, error(10003, "Unknown Channel"));
    }
    int limit = q.q("limit") == null ? 50 : Integer.parseInt(q.q("limit"));
    String before = q.q("before");
    List<MessageState> all = new ArrayList<>(messages.getOrDefault(channelId, List.of()));
    Collections.reverse(all);
    ArrayNode out = JSON.createArrayNode();
    for (MessageState m : all) {
      if (m.deleted || (before != null && Long.parseLong(m.id) >= Long.parseLong(before))) {
        continue;
      }
      if (out.size() >= limit) {
        break;
      }
      out.add(messageJson(m));
    }
    return ok(out);
  }

  private synchronized Resp getMessage(String channelId, String messageId) {
    MessageState m = findMessage(channelId, messageId);
    return m == null || m.deleted ? unknownMessage() : ok(messageJson(m));
  }

  private synchronized Resp editMessage(String channelId, String messageId, Req q) {
    MessageState m = findMessage(channelId, messageId);
    if (m == null || m.deleted) {
      return unknownMessage();
    }
    applyMessageBody(m, q.body(), q.files());
    m.editCount++;
    m.editedAt = Instant.now();
    return ok(messageJson(m));
  }

  private synchronized Resp deleteMessage(String channelId, String messageId) {
    MessageState m = findMessage(channelId, messageId);
    if (m == null || m.deleted) {
      return unknownMessage();
    }
    m.deleted = true;
    return noContent();
  }

  private Resp threadFromMessage(String channelId, String messageId, Req q) {
    ObjectNode json;
    synchronized (this) {
      ChannelState parent = channels.get(channelId);
      MessageState m = findMessage(channelId, messageId);
      if (parent == null) {
        return new Resp(404, error(10003, "Unknown Channel"));
      }
      if (m == null || m.deleted) {
        return unknownMessage();
      }
      if (channels.containsKey(messageId)) {
        return new Resp(400, error(160004, "A thread has already been created for this message"));
      }
      // Like Discord: a thread started from a message has the message's id.
      ChannelState t = newThread(messageId, parent, q.body(), 11);
      t.starterMessageId = messageId;
      json = channelJson(t);
    }
    gateway.dispatchForGuild(json.path("guild_id").asText(), "THREAD_CREATE", threadCreate(json));
    return new Resp(201, json);
  }

  private Resp threadWithoutMessage(String channelId, Req q) {
    ObjectNode json;
    synchronized (this) {
      ChannelState parent = channels.get(channelId);
      if (parent == null) {
        return new Resp(404, error(10003, "Unknown Channel"));
      }
      ChannelState t = newThread(nextId(), parent, q.body(), q.body().path("type").asInt(12));
      json = channelJson(t);
    }
    gateway.dispatchForGuild(json.path("guild_id").asText(), "THREAD_CREATE", threadCreate(json));
    return new Resp(201, json);
  }

  private static ObjectNode threadCreate(ObjectNode json) {
    ObjectNode d = json.deepCopy();
    d.put("newly_created", true);
    return d;
  }

  private ChannelState newThread(String id, ChannelState parent, JsonNode b, int type) {
    ChannelState t = new ChannelState(id, type);
    t.guildId = parent.guildId;
    t.parentId = parent.id;
    t.name = b.path("name").asText("thread");
    t.autoArchiveDuration = b.path("auto_archive_duration").asInt(1440);
    t.createdAt = Instant.now();
    channels.put(id, t);
    return t;
  }

  private static Resp unknownMessage() {
    return new Resp(404, error(10008, "Unknown Message"));
  }

  // ---- interactions over REST ----

  private Resp callback(String interactionId, String itoken, Req q) {
    ObjectNode resp;
    synchronized (this) {
      InteractionState s = interactions.get(interactionId);
      if (s == null || !s.token.equals(itoken)) {
        return new Resp(404, error(10062, "Unknown interaction"));
      }
      if (s.acknowledged) {
        return new Resp(400, error(40060, "Interaction has already been acknowledged."));
      }
      s.acknowledged = true;
      int type = q.body().path("type").asInt();
      JsonNode data = q.body().path("data");
      data = data.isMissingNode() ? NullNode.getInstance() : data;
      s.answered(
          new InteractionAnswer(
              InteractionAnswer.Kind.CALLBACK, type, data, names(q.files()), null));
      resp = JSON.createObjectNode();
      ObjectNode interaction = resp.putObject("interaction");
      interaction.put("id", s.id);
      interaction.put("type", s.type);
      ObjectNode resource = resp.putObject("resource");
      resource.put("type", type);
      if (type == 4 || type == 5) {
        s.original = new MessageState(nextId(), s.channelId, s.guildId, appId);
        s.original.webhook = true;
        if (type == 4) {
          applyMessageBody(s.original, data, q.files());
        } else {
          s.original.flags = data.path("flags").asInt(0) | 128; // LOADING
        }
        interaction.put("response_message_id", s.original.id);
        resource.set("message", messageJson(s.original));
      } else if (type == 7 && s.componentMessage != null) {
        MessageState m = s.componentMessage;
        applyMessageBody(m, data, q.files());
        m.editCount++;
        m.editedAt = Instant.now();
        resource.set("message", messageJson(m));
      }
    }
    return ok(resp);
  }

  private synchronized Resp followup(String itoken, Req q) {
    InteractionState s = interactionsByToken.get(itoken);
    if (s == null) {
      return new Resp(404, error(10015, "Unknown Webhook"));
    }
    MessageState m = new MessageState(nextId(), s.channelId, s.guildId, appId);
    m.webhook = true;
    applyMessageBody(m, q.body(), q.files());
    s.followups.put(m.id, m);
    s.answered(
        new InteractionAnswer(
            InteractionAnswer.Kind.FOLLOWUP, 0, q.body(), names(q.files()), m.id));
    return ok(messageJson(m));
  }

  private synchronized Resp getWebhookMessage(String itoken, String messageId) {
    InteractionState s = interactionsByToken.get(itoken);
    MessageState m = s == null ? null : s.message(messageId);
    return m == null || m.deleted ? unknownMessage() : ok(messageJson(m));
  }

  private synchronized Resp editWebhookMessage(String itoken, String messageId, Req q) {
    InteractionState s = interactionsByToken.get(itoken);
    if (s == null) {
      return new Resp(404, error(10015, "Unknown Webhook"));
    }
    if ("@original".equals(messageId) && s.original == null && s.componentMessage != null) {
      // after a deferEdit (type 6) @original is the component's message
      s.original = s.componentMessage;
    }
    MessageState m = s.message(messageId);
    if (m == null || m.deleted) {
      return unknownMessage();
    }
    applyMessageBody(m, q.body(), q.files());
    m.flags &= ~128;
    m.editCount++;
    m.editedAt = Instant.now();
    s.answered(
        new InteractionAnswer(
            "@original".equals(messageId)
                ? InteractionAnswer.Kind.EDIT_ORIGINAL
                : InteractionAnswer.Kind.EDIT_FOLLOWUP,
            0,
            q.body(),
            names(q.files()),
            m.id));
    return ok(messageJson(m));
  }

  private synchronized Resp deleteWebhookMessage(String itoken, String messageId) {
    InteractionState s = interactionsByToken.get(itoken);
    MessageState m = s == null ? null : s.message(messageId);
    if (m == null || m.deleted) {
      return unknownMessage();
    }
    m.deleted = true;
    s.answered(
        new InteractionAnswer(
            "@original".equals(messageId)
                ? InteractionAnswer.Kind.DELETE_ORIGINAL
                : InteractionAnswer.Kind.DELETE_FOLLOWUP,
            0,
            NullNode.getInstance(),
            List.of(),
            m.id));
    return noContent();
  }

  private static List<String> names(List<Part> files) {
    return files.stream().map(Part::filename).toList();
  }

  // =====================================================================================
  // State and JSON shapes
  // =====================================================================================

  private static final class GuildState {
    final String id;
    final String name;
    final String locale;
    String botRoleId;
    final Map<String, ObjectNode> roles = new LinkedHashMap<>();
    final Map<Long, String> permissionRoles = new LinkedHashMap<>();
    final List<String> channelIds = new ArrayList<>();
    final Map<String, ObjectNode> members = new LinkedHashMap<>();

    GuildState(String id, String name, String locale) {
      this.id = id;
      this.name = name;
      this.locale = locale;
    }

    long rolePermissions(String roleId) {
      ObjectNode r = roles.get(roleId);
      return r == null ? 0 : Long.parseLong(r.path("permissions").asText("0"));
    }
  }

  private static final class ChannelState {
    final String id;
    final int type;
    String guildId;
    String name;
    int position;
    String parentId;
    String starterMessageId;
    boolean archived;
    boolean locked;
    int autoArchiveDuration = 1440;
    String recipientId;
    Instant createdAt = Instant.now();

    ChannelState(String id, int type) {
      this.id = id;
      this.type = type;
    }

    FakeChannel snapshot() {
      return new FakeChannel(
          id,
          type,
          guildId,
          name,
          parentId,
          starterMessageId,
          archived,
          locked,
          autoArchiveDuration,
          recipientId);
    }
  }

  private static final class MessageState {
    final String id;
    final String channelId;
    final String guildId;
    final String authorId;
    String content = "";
    JsonNode embeds = JSON.createArrayNode();
    JsonNode components = JSON.createArrayNode();
    ArrayNode attachments = JSON.createArrayNode();
    String nonce;
    int flags;
    boolean deleted;
    boolean webhook;
    int editCount;
    Instant editedAt;

    MessageState(String id, String channelId, String guildId, String authorId) {
      this.id = id;
      this.channelId = channelId;
      this.guildId = guildId;
      this.authorId = authorId;
    }
  }

  private static final class InteractionState {
    final String id;
    final String token;
    final int type;
    final String guildId;
    final String channelId;
    final List<InteractionAnswer> answers = new ArrayList<>();
    final Map<String, MessageState> followups = new LinkedHashMap<>();
    boolean acknowledged;
    MessageState original;
    String componentMessageId;
    MessageState componentMessage;

    InteractionState(String id, String token, int type, String guildId, String channelId) {
      this.id = id;
      this.token = token;
      this.type = type;
      this.guildId = guildId;
      this.channelId = channelId;
    }

    final Instant deliveredAt = Instant.now();
    final List<Instant> answeredAt = new ArrayList<>();

    void answered(InteractionAnswer answer) {
      answers.add(answer);
      answeredAt.add(Instant.now());
    }

    MessageState message(String messageId) {
      if ("@original".equals(messageId) || (original != null && original.id.equals(messageId))) {
        return original;
      }
      return followups.get(messageId);
    }
  }

  private void applyMessageBody(MessageState m, JsonNode b, List<Part> files) {
    if (b == null || !b.isObject()) {
      return;
    }
    if (b.has("content")) {
      m.content = b.get("content").isNull() ? "" : b.get("content").asText();
    }
    if (b.has("embeds")) {
      m.embeds = b.get("embeds").isNull() ? JSON.createArrayNode() : b.get("embeds").deepCopy();
      // JDA does not send "type" but refuses embeds without it; Discord fills in "rich".
      m.embeds.forEach(
          e -> {
            if (e.isObject() && !e.has("type")) {
              ((ObjectNode) e).put("type", "rich");
            }
          });
    }
    if (b.has("components")) {
      m.components =
          b.get("components").isNull() ? JSON.createArrayNode() : b.get("components").deepCopy();
    }
    if (b.has("flags")) {
      m.flags = b.get("flags").asInt();
    }
    if (b.has("attachments") || !files.isEmpty()) {
      ArrayNode kept = JSON.createArrayNode();
      for (JsonNode a : b.path("attachments")) {
        // existing attachments are referenced by their snowflake id
        for (JsonNode old : m.attachments) {
          if (old.path("id").asText().equals(a.path("id").asText())) {
            kept.add(old);
          }
        }
      }
      for (int i = 0; i < files.size(); i++) {
        Part p = files.get(i);
        String aid = nextId();
        ObjectNode a = kept.addObject();
        a.put("id", aid);
        a.put("filename", p.filename());
        a.put("size", p.bytes().length);
        a.put(
            "url", "https://cdn.fake/attachments/" + m.channelId + "/" + aid + "/" + p.filename());
        a.put(
            "proxy_url",
            "https://media.fake/attachments/" + m.channelId + "/" + aid + "/" + p.filename());
      }
      m.attachments = kept;
    }
  }

  private synchronized MessageState findMessage(String channelId, String messageId) {
    for (MessageState m : messages.getOrDefault(channelId, List.of())) {
      if (m.id.equals(messageId)) {
        return m;
      }
    }
    // An (ephemeral) interaction response: its buttons can be pressed and it can be edited too.
    for (InteractionState interaction : interactions.values()) {
      MessageState m = interaction.message(messageId);
      if (m != null && m.id.equals(messageId)) {
        return m;
      }
    }
    return null;
  }

  private FakeMessage snapshot(MessageState m) {
    List<String> files = new ArrayList<>();
    m.attachments.forEach(a -> files.add(a.path("filename").asText()));
    return new FakeMessage(
        m.id,
        m.channelId,
        m.authorId,
        m.content,
        FakeMessage.embedsOf(m.embeds),
        FakeMessage.componentsOf(m.components),
        List.copyOf(files),
        m.nonce,
        m.flags,
        m.deleted,
        m.editCount,
        messageJson(m));
  }

  private ObjectNode messageJson(MessageState m) {
    ObjectNode o = JSON.createObjectNode();
    o.put("id", m.id);
    o.put("type", 0);
    o.put("channel_id", m.channelId);
    if (m.guildId != null) {
      o.put("guild_id", m.guildId);
    }
    ObjectNode author = users.get(m.authorId);
    o.set(
        "author",
        author == null ? userJson(m.authorId, "user" + m.authorId, false) : author.deepCopy());
    o.put("content", m.content);
    o.set("embeds", m.embeds.deepCopy());
    o.set("components", m.components.deepCopy());
    o.set("attachments", m.attachments.deepCopy());
    o.putArray("mentions");
    o.putArray("mention_roles");
    o.put("mention_everyone", false);
    o.put("pinned", false);
    o.put("tts", false);
    o.put("flags", m.flags);
    o.put("timestamp", iso(snowflakeTime(m.id)));
    if (m.editedAt != null) {
      o.put("edited_timestamp", iso(m.editedAt));
    }
    if (m.nonce != null) {
      o.put("nonce", m.nonce);
    }
    if (m.webhook) {
      o.put("webhook_id", appId);
      o.put("application_id", appId);
    }
    return o;
  }

  private ObjectNode placeholderMessage(String channelId, String guildId, String messageId) {
    MessageState m = new MessageState(messageId, channelId, guildId, appId);
    return messageJson(m);
  }

  private ObjectNode channelJson(ChannelState c) {
    ObjectNode o = JSON.createObjectNode();
    o.put("id", c.id);
    o.put("type", c.type);
    o.put("flags", 0);
    if (c.type == 1) {
      o.putArray("recipients").add(users.get(c.recipientId).deepCopy());
      return o;
    }
    o.put("guild_id", c.guildId);
    o.put("name", c.name);
    o.put("rate_limit_per_user", 0);
    o.put("nsfw", false);
    if (c.parentId == null) {
      o.put("position", c.position);
      o.putArray("permission_overwrites");
      return o;
    }
    o.put("parent_id", c.parentId);
    o.put("owner_id", appId);
    o.put("member_count", 1);
    o.put("message_count", 0);
    o.put("total_message_count", 0);
    ObjectNode meta = o.putObject("thread_metadata");
    meta.put("archived", c.archived);
    meta.put("locked", c.locked);
    meta.put("invitable", true);
    meta.put("auto_archive_duration", c.autoArchiveDuration);
    meta.put("archive_timestamp", iso(c.createdAt));
    meta.put("create_timestamp", iso(c.createdAt));
    return o;
  }

  private ObjectNode guildCreateJson(GuildState g) {
    ObjectNode o = JSON.createObjectNode();
    o.put("id", g.id);
    o.put("name", g.name);
    o.put("preferred_locale", g.locale);
    o.put("owner_id", "1");
    o.put("unavailable", false);
    o.put("large", false);
    o.put("afk_timeout", 300); // JDA: Guild.Timeout.fromKey(0) throws
    o.put("joined_at", iso(Instant.now()));
    ArrayNode roles = o.putArray("roles");
    g.roles.values().forEach(r -> roles.add(r.deepCopy()));
    ArrayNode chans = o.putArray("channels");
    for (String cid : g.channelIds) {
      chans.add(channelJson(channels.get(cid)));
    }
    ArrayNode members = o.putArray("members");
    members.add(memberJson(appId, "FakeBot", List.of(g.botRoleId)));
    g.members.values().forEach(m -> members.add(m.deepCopy()));
    o.put("member_count", members.size());
    for (String empty :
        List.of(
            "threads",
            "guild_scheduled_events",
            "emojis",
            "stickers",
            "voice_states",
            "presences",
            "features",
            "stage_instances",
            "soundboard_sounds")) {
      o.putArray(empty);
    }
    return o;
  }

  private ObjectNode memberJson(String userId, String displayName, List<String> roleIds) {
    ObjectNode m = JSON.createObjectNode();
    ObjectNode user = users.get(userId);
    m.set("user", user != null ? user.deepCopy() : userJson(userId, displayName, false));
    ArrayNode roles = m.putArray("roles");
    roleIds.forEach(roles::add);
    m.put("joined_at", "2024-01-01T00:00:00.000000+00:00");
    m.put("deaf", false);
    m.put("mute", false);
    m.put("flags", 0);
    m.put("pending", false);
    return m;
  }

  private static ObjectNode userJson(String id, String name, boolean bot) {
    ObjectNode u = JSON.createObjectNode();
    u.put("id", id);
    u.put("username", name.toLowerCase().replace(' ', '_'));
    u.put("global_name", name);
    u.put("discriminator", "0");
    u.put("bot", bot);
    u.put("public_flags", 0);
    return u;
  }

  private static ObjectNode roleJson(String id, String name, long permissions, int position) {
    ObjectNode r = JSON.createObjectNode();
    r.put("id", id);
    r.put("name", name);
    r.put("permissions", Long.toString(permissions));
    r.put("position", position);
    r.put("color", 0);
    r.putObject("colors").put("primary_color", 0); // JDA 6 requires "colors"
    r.put("hoist", false);
    r.put("managed", false);
    r.put("mentionable", false);
    r.put("flags", 0);
    return r;
  }

  private synchronized String userName(String userId) {
    ObjectNode u = users.get(userId);
    return u == null ? "user" + userId : u.path("global_name").asText();
  }

  private GuildState requireGuild(String guildId) {
    GuildState g = guilds.get(guildId);
    if (g == null) {
      throw new IllegalArgumentException("unknown guild " + guildId + " (create it first)");
    }
    return g;
  }

  private ChannelState requireChannel(String channelId) {
    ChannelState c = channels.get(channelId);
    if (c == null) {
      throw new IllegalArgumentException("unknown channel " + channelId);
    }
    return c;
  }

  private synchronized String nextId() {
    long now = (System.currentTimeMillis() - DISCORD_EPOCH) << 22;
    lastSnowflake = Math.max(lastSnowflake + 1, now);
    return Long.toString(lastSnowflake);
  }

  private static Instant snowflakeTime(String id) {
    return Instant.ofEpochMilli((Long.parseLong(id) >>> 22) + DISCORD_EPOCH);
  }

  private static String iso(Instant t) {
    return OffsetDateTime.ofInstant(t, ZoneOffset.UTC).toString();
  }

  static JsonNode parse(String json) {
    try {
      return json == null || json.isBlank() ? NullNode.getInstance() : JSON.readTree(json);
    } catch (IOException e) {
      throw new IllegalArgumentException("not JSON: " + json, e);
    }
  }

  // =====================================================================================
  // Gateway
  // =====================================================================================

  private record Pending(String type, ObjectNode data) {}

  private final class Gateway extends WebSocketServer {
    final CountDownLatch started = new CountDownLatch(1);
    final AtomicInteger identifies = new AtomicInteger();
    final AtomicInteger resumes = new AtomicInteger();
    private final Object lock = new Object();
    private WebSocket active; // the identified/resumed connection
    private String sessionId;
    private int seq;
    private final List<Pending> pending = new ArrayList<>(); // dispatches while disconnected
    private final java.util.Set<String> announcedGuilds = new java.util.HashSet<>();

    Gateway() {
      super(new InetSocketAddress("127.0.0.1", 0));
      setReuseAddr(true);
      setDaemon(true);
    }

    boolean isActive() {
      synchronized (lock) {
        return active != null && active.isOpen();
      }
    }

    @Override
    public void onStart() {
      started.countDown();
    }

    @Override
    public void onOpen(WebSocket conn, ClientHandshake handshake) {
      String resource = handshake.getResourceDescriptor();
      if (!resource.contains("encoding=json") || resource.contains("compress=")) {
        conn.close(4002, "fake supports only encoding=json without compression");
        return;
      }
      ObjectNode hello = JSON.createObjectNode().put("op", 10);
      hello.putObject("d").put("heartbeat_interval", 41250);
      conn.send(hello.toString());
    }

    @Override
    public void onMessage(WebSocket conn, String message) {
      JsonNode msg = parse(message);
      int op = msg.path("op").asInt(-1);
      JsonNode d = msg.path("d");
      switch (op) {
        case 1:
          conn.send("{\"op\":11}");
          break;
        case 2:
          identify(conn, d);
          break;
        case 6:
          resume(conn, d);
          break;
        default:
          // presence updates, member chunk requests, voice state: ignored
          break;
      }
    }

    private void identify(WebSocket conn, JsonNode d) {
      if (!token.equals(d.path("token").asText())) {
        conn.close(4004, "Authentication failed.");
        return;
      }
      identifies.incrementAndGet();
      List<ObjectNode[]> guildCreates = new ArrayList<>();
      ObjectNode ready = JSON.createObjectNode();
      synchronized (FakeDiscord.this) {
        synchronized (lock) {
          closeActive();
          active = conn;
          sessionId = "session-" + nextId();
          seq = 0;
          announcedGuilds.clear();
          ready.put("v", 10);
          ready.set("user", users.get(appId).deepCopy());
          ArrayNode gl = ready.putArray("guilds");
          for (GuildState g : guilds.values()) {
            gl.addObject().put("id", g.id).put("unavailable", true);
            guildCreates.add(new ObjectNode[] {null, guildCreateJson(g)});
            announcedGuilds.add(g.id);
          }
          ready.put("session_id", sessionId);
          ready.put("session_type", "normal");
          ready.put("resume_gateway_url", gatewayUrl());
          ready.putArray("private_channels");
          ready.putArray("relationships");
          ready.putArray("guild_join_requests");
          ready.putObject("user_settings");
          ready.putArray("presences");
          ready.putObject("application").put("id", appId).put("flags", 0);
          if (d.has("shard")) {
            ready.set("shard", d.get("shard"));
          }
          send("READY", ready);
          for (ObjectNode[] gc : guildCreates) {
            send("GUILD_CREATE", gc[1]);
          }
          // Fresh session: guild state was just sent in full; replay only other events.
          List<Pending> replay = new ArrayList<>(pending);
          pending.clear();
          for (Pending e : replay) {
            if (!e.type().startsWith("GUILD_")) {
              send(e.type(), e.data());
            }
          }
        }
      }
    }

    private void resume(WebSocket conn, JsonNode d) {
      synchronized (lock) {
        if (sessionId == null
            || !sessionId.equals(d.path("session_id").asText())
            || !token.equals(d.path("token").asText())) {
          conn.send("{\"op\":9,\"d\":false}");
          return;
        }
        resumes.incrementAndGet();
        closeActive();
        active = conn;
        send("RESUMED", JSON.createObjectNode());
        List<Pending> replay = new ArrayList<>(pending);
        pending.clear();
        for (Pending e : replay) {
          send(e.type(), e.data());
        }
      }
    }

    private void closeActive() {
      if (active != null && active.isOpen()) {
        active.close(4000, "replaced by a new session");
      }
      active = null;
    }

    /** Must hold lock. */
    private void send(String type, ObjectNode d) {
      ObjectNode p = JSON.createObjectNode();
      p.put("op", 0);
      p.put("t", type);
      p.put("s", ++seq);
      p.set("d", d);
      active.send(p.toString());
    }

    void dispatch(String type, ObjectNode d) {
      synchronized (lock) {
        if (active != null && active.isOpen()) {
          send(type, d);
        } else {
          pending.add(new Pending(type, d));
        }
      }
    }

    void dispatchForGuild(String guildId, String type, ObjectNode d) {
      synchronized (lock) {
        if (active == null || !announcedGuilds.contains(guildId)) {
          return; // READY/GUILD_CREATE of a later session carries the full state
        }
        send(type, d);
      }
    }

    void dispatchGuildCreate(String guildId, ObjectNode guildJson) {
      synchronized (lock) {
        if (active != null && active.isOpen() && !announcedGuilds.contains(guildId)) {
          announcedGuilds.add(guildId);
          send("GUILD_CREATE", guildJson);
        }
      }
    }

    void disconnect(boolean allowResume) {
      synchronized (lock) {
        if (!allowResume) {
          sessionId = null;
        }
        if (active != null) {
          active.close(4000, "fake disconnect");
          active = null;
        }
      }
    }

    @Override
    public void onClose(WebSocket conn, int code, String reason, boolean remote) {
      synchronized (lock) {
        if (conn == active) {
          active = null;
        }
      }
    }

    @Override
    public void onError(WebSocket conn, Exception ex) {
      if (conn == null) {
        ex.printStackTrace();
      }
    }
  }

  /** Convenience for tests: a JDA that has finished loading its guilds. */
  public JDA awaitJda(JDABuilder builder) {
    try {
      return builder.build().awaitReady();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
