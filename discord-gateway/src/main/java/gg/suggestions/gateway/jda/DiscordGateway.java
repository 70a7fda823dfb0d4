package gg.suggestions.gateway.jda;

import gg.suggestions.eventstore.contract.Actor;
import gg.suggestions.eventstore.envelope.CommandCodec;
import gg.suggestions.eventstore.envelope.CommandEnvelope;
import gg.suggestions.eventstore.envelope.EnvelopeCodec;
import gg.suggestions.eventstore.envelope.ReplyEnvelope;
import gg.suggestions.eventstore.request.CommandRequester;
import gg.suggestions.eventstore.topic.SuggestionTopics;
import gg.suggestions.gateway.GatewayProperties;
import gg.suggestions.gateway.command.GatewayCommands;
import gg.suggestions.gateway.command.Pacing;
import gg.suggestions.gateway.command.SlashCommand;
import gg.suggestions.gateway.effects.Effects;
import gg.suggestions.gateway.effects.EffectsConsumer;
import gg.suggestions.gateway.read.QueryApi;
import gg.suggestions.gateway.read.ReadCommand;
import gg.suggestions.gateway.read.ReadCommands;
import io.micrometer.core.instrument.MeterRegistry;
import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import net.dv8tion.jda.api.requests.GatewayIntent;
import net.dv8tion.jda.api.requests.RestConfig;
import net.dv8tion.jda.api.sharding.DefaultShardManagerBuilder;
import net.dv8tion.jda.api.sharding.ShardManager;
import net.dv8tion.jda.api.utils.Compression;
import net.dv8tion.jda.api.utils.SessionControllerAdapter;
import okhttp3.OkHttpClient;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running bot: its shards, the router, the command requester and the effects consumer. {@link
 * #close} stops them in the reverse order.
 */
public final class DiscordGateway implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(DiscordGateway.class);

  private final CommandRequester requester;
  private final ExecutorService reads;
  private final ShardManager shards;
  private final EffectsConsumer effects;

  private DiscordGateway(
      CommandRequester requester,
      ExecutorService reads,
      ShardManager shards,
      EffectsConsumer effects) {
    this.requester = requester;
    this.reads = reads;
    this.shards = shards;
    this.effects = effects;
  }

  /**
   * Logs in, waits until every shard is connected, registers the commands, and starts the effects.
   *
   * @param queryUrl the query API's base URL
   * @param apiToken the query API's bearer token
   * @param meters where the REST calls to Discord and the effects are counted
   */
  public static DiscordGateway start(
      GatewayProperties properties,
      String bootstrapServers,
      String queryUrl,
      String apiToken,
      MeterRegistry meters)
      throws InterruptedException {
    var requester =
        new CommandRequester(
            bootstrapServers,
            "gateway-" + UUID.randomUUID(),
            new CommandCodec(EnvelopeCodec.defaultMapper()));
    ExecutorService reads = Executors.newFixedThreadPool(4, daemon("discord-reads"));
    QueryApi read = new QueryApi(queryUrl, apiToken);
    ShardManager shards = null;
    try {
      var bot = new AtomicReference<ShardManager>();
      var router =
          new InteractionRouter(
              GatewayCommands.all(),
              ReadCommands.all(),
              requester,
              new ReadCommand.Sources(read, () -> status(bot.get(), bootstrapServers)),
              properties.replyTimeout(),
              reads,
              new Pacing(properties.commandInterval()));
      // Interactions need no privileged intents; guilds keep channels and roles in the cache.
      var builder =
          DefaultShardManagerBuilder.createLight(
                  properties.token(), EnumSet.noneOf(GatewayIntent.class))
              .setShardsTotal(properties.shards())
              .setHttpClientBuilder(
                  new OkHttpClient.Builder().addInterceptor(new DiscordRestMetrics(meters)))
              .addEventListeners(router);
      if (properties.restBaseUrl() != null) {
        builder.setRestConfig(new RestConfig().setBaseUrl(properties.restBaseUrl()));
      }
      if (properties.gatewayUrl() != null) {
        String url = properties.gatewayUrl();
        builder
            .setSessionController(
                new SessionControllerAdapter() {
                  @Override
                  public String getGateway() {
                    return url;
                  }
                })
            // A local Discord speaks plain JSON on its websocket.
            .setCompression(Compression.NONE);
      }
      shards = builder.build();
      bot.set(shards);
      for (var shard : shards.getShards()) {
        shard.awaitReady();
      }
      if (properties.registerCommands()) {
        shards
            .getShards()
            .get(0)
            .updateCommands()
            .addCommands(Registrations.all(slashCommands(), InteractionRouter.messageCommands()))
            .complete();
      }
      String botId = shards.getShards().get(0).getSelfUser().getId();
      var effects =
          new EffectsConsumer(
              bootstrapServers,
              properties.effectsGroup(),
              new Effects(new JdaDiscord(shards), read, recorder(requester, botId)),
              properties.editInterval(),
              Clock.systemUTC(),
              meters);
      effects.start(Duration.ofSeconds(60));
      log.info(
          "Discord gateway is up: {} shard(s) as bot {}, effects group {}",
          shards.getShardsTotal(),
          botId,
          properties.effectsGroup());
      return new DiscordGateway(requester, reads, shards, effects);
    } catch (RuntimeException | InterruptedException e) {
      if (shards != null) {
        shards.shutdown();
      }
      reads.shutdownNow();
      requester.close();
      throw e;
    }
  }

  /** Every slash command: those that change something, then those that show something. */
  static List<SlashCommand> slashCommands() {
    List<SlashCommand> all = new ArrayList<>(GatewayCommands.all().list());
    all.addAll(ReadCommands.all().list());
    // A write and a read command must not share a name either.
    return List.copyOf(SlashCommand.byName(all).values());
  }

  /** The bot as {@code /ping} and {@code /stats} show it. */
  private static ReadCommand.BotStatus status(ShardManager shards, String bootstrapServers) {
    String version = DiscordGateway.class.getPackage().getImplementationVersion();
    return new ReadCommand.BotStatus(
        version == null ? "development" : version,
        shards.getGuildCache().size(),
        shards.getShardsTotal(),
        Duration.ofMillis(ManagementFactory.getRuntimeMXBean().getUptime()),
        Math.round(shards.getAverageGatewayPing()),
        shards.getShards().get(0).getRestPing().complete(),
        eventsInLog(bootstrapServers));
  }

  /** Records in the event topic: its end offsets less its start offsets. */
  private static long eventsInLog(String bootstrapServers) {
    var config = new HashMap<String, Object>();
    config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    try (var consumer =
        new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      var partitions =
          consumer.partitionsFor(SuggestionTopics.EVENTS).stream()
              .map(p -> new TopicPartition(p.topic(), p.partition()))
              .toList();
      long end = consumer.endOffsets(partitions).values().stream().mapToLong(Long::longValue).sum();
      long start =
          consumer.beginningOffsets(partitions).values().stream().mapToLong(Long::longValue).sum();
      return end - start;
    }
  }

  /** Records Discord facts as the bot, and waits for the command service to accept them. */
  private static Effects.Recorder recorder(CommandRequester requester, String botId) {
    Actor bot = new Actor(botId, 0, List.of());
    return (commandId, guildId, command) -> {
      var envelope =
          new CommandEnvelope(
              CommandEnvelope.SCHEMA,
              commandId,
              command.getClass().getSimpleName(),
              guildId,
              EnvelopeCodec.defaultMapper().valueToTree(command),
              bot,
              null,
              null,
              requester.requesterId(),
              Clock.systemUTC().instant());
      ReplyEnvelope reply;
      try {
        reply = requester.send(envelope).get(30, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("Interrupted while recording " + commandId, e);
      } catch (TimeoutException | ExecutionException e) {
        throw new IllegalStateException("Recording " + commandId + " got no decision", e);
      }
      if (!reply.accepted()) {
        log.warn(
            "Recording {} in guild {} was refused: {} {}",
            commandId,
            guildId,
            reply.errorCode(),
            reply.message());
      }
    };
  }

  private static ThreadFactory daemon(String name) {
    return runnable -> {
      Thread thread = new Thread(runnable, name);
      thread.setDaemon(true);
      return thread;
    };
  }

  @Override
  public void close() {
    effects.close();
    shards.shutdown();
    reads.shutdownNow();
    requester.close();
  }
}
