package gg.suggestions.deploy.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.zaxxer.hikari.HikariDataSource;
import gg.suggestions.command.guildconfig.GuildConfig;
import gg.suggestions.command.guildconfig.ModeratorsOnly;
import gg.suggestions.command.loop.CommandNode;
import gg.suggestions.command.outcome.Outcome;
import gg.suggestions.deploy.PlatformProcess;
import gg.suggestions.eventstore.contract.guildconfig.GuildToggle;
import gg.suggestions.eventstore.contract.guildconfig.SetGuildToggle;
import gg.suggestions.eventstore.engine.KafkaEventStorageEngine;
import gg.suggestions.eventstore.envelope.CommandEnvelope;
import gg.suggestions.eventstore.envelope.ReplyEnvelope;
import gg.suggestions.eventstore.registry.EventSerialization;
import gg.suggestions.eventstore.request.CommandRequester;
import gg.suggestions.eventstore.upcast.EventUpcasters;
import gg.suggestions.testing.TestCommands;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.SimpleCommandBus;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.commandhandling.gateway.DefaultCommandGateway;
import org.axonframework.eventsourcing.AggregateSnapshotter;
import org.axonframework.eventsourcing.EventCountSnapshotTriggerDefinition;
import org.axonframework.eventsourcing.EventSourcingRepository;
import org.axonframework.eventsourcing.GenericAggregateFactory;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.axonframework.eventsourcing.eventstore.jdbc.PostgresEventTableFactory;
import org.axonframework.messaging.MetaData;
import org.axonframework.modelling.command.AggregateAnnotationCommandHandler;
import org.axonframework.spring.jdbc.SpringDataSourceConnectionProvider;
import org.axonframework.spring.messaging.unitofwork.SpringTransactionManager;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;

/**
 * Commands end to end, ours against the "stock Axon" anchor, in one run and with the same business
 * logic: the same {@link GuildConfig} aggregate, {@link ModeratorsOnly} interceptor and correlation
 * data, handled by Axon's {@code AggregateAnnotationCommandHandler} over an {@code
 * EventSourcingRepository} on a {@code SimpleCommandBus}. Ours stores events in Kafka (acks=all, RF
 * 3) through the command loop and answers on the replies topic; the anchor stores them with Axon's
 * {@code JdbcEventStorageEngine} in PostgreSQL, one database transaction per command. Closed loops
 * of 1 and {@code bench.clients} callers send {@code SetGuildToggle} over {@code bench.guilds}
 * guilds. Writes {@code target/bench/axon-commands.md}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AxonCommandBench {

  private static final Path DIR = Path.of("target", "bench");
  private static final Duration MEASURED =
      Duration.ofSeconds(Long.getLong("bench.commandSeconds", 20));
  private static final Duration WARM_UP =
      Duration.ofSeconds(Long.getLong("bench.warmUpSeconds", 5));
  private static final int CLIENTS = Integer.getInteger("bench.clients", 32);
  private static final int GUILDS = Integer.getInteger("bench.guilds", 1_200);
  private static final Duration OPEN_MEASURED =
      Duration.ofSeconds(Long.getLong("bench.openSeconds", 60));
  private static final Duration PLATFORM_WARM_UP =
      Duration.ofSeconds(Long.getLong("bench.platformWarmUpSeconds", 60));
  private static PlatformProcess platform;
  private static CommandRequester requester;
  static final String OURS = "ours";

  private static EmbeddedPostgres axonDatabase;
  private static BenchCluster cluster;
  private static final Map<String, List<CommandLoad.Result>> runs = new LinkedHashMap<>();
  private static final List<String> settings = new ArrayList<>();

  @BeforeAll
  static void startAxonDatabaseAndBrokers() throws Exception {
    // The brokers run through every path: stock Axon shares the cores with them as ours does.
    cluster = BenchCluster.start(DIR);
    // The same server settings as the platform's embedded database (EmbeddedDatabase).
    axonDatabase =
        EmbeddedPostgres.builder()
            .setServerConfig("fsync", "on")
            .setServerConfig("synchronous_commit", "on")
            .setServerConfig("full_page_writes", "on")
            .start();
  }

  @AfterAll
  static void report() throws Exception {
    if (requester != null) {
      requester.close();
    }
    if (platform != null) {
      platform.stop();
    }
    if (cluster != null) {
      cluster.close();
    }
    if (axonDatabase != null) {
      axonDatabase.close();
    }
    List<String> report = AxonCommandReport.render(runs, settings, CLIENTS, GUILDS);
    Files.createDirectories(DIR);
    Files.write(DIR.resolve("axon-commands.md"), report);
    BenchSummary.write(DIR, "axon-commands", AxonCommandReport.json(runs, settings));
    System.out.println(String.join(System.lineSeparator(), report));
  }

  @Test
  @Order(1)
  void stockAxonWithDurableCommits() throws Exception {
    stockAxon("stock Axon, synchronous_commit on", "axon_sync", true);
  }

  @Test
  @Order(2)
  void stockAxonWithAsynchronousCommits() throws Exception {
    stockAxon("stock Axon, synchronous_commit off", "axon_async", false);
  }

  @Test
  @Order(3)
  void oursThroughTheCommandLoop() throws Exception {
    String name = "axon-bench-platform";
    BenchCluster.deleteRecursively(DIR.resolve(name));
    int postgresPort = freePort();
    platform =
        PlatformProcess.start(
            DIR.resolve(name + ".log"),
            System.getProperty("bench.platformHeap", "1g"),
            Map.of(
                "SUGGESTIONS_KAFKA_BOOTSTRAP_SERVERS", cluster.bootstrapServers(),
                "SUGGESTIONS_DATA_DIR", DIR.resolve(name).toString(),
                "SUGGESTIONS_EMBEDDED_POSTGRES_PORT", String.valueOf(postgresPort),
                "SUGGESTIONS_API_TOKEN", "bench-" + UUID.randomUUID(),
                // The anchor runs no projections either.
                "SUGGESTIONS_SERVICES", "command"));
    requester =
        new CommandRequester(
            cluster.bootstrapServers(), "bench-" + UUID.randomUUID(), TestCommands.CODEC);
    platform.awaitServing(Duration.ofMinutes(3));
    try (HikariDataSource database = platformDatabase(postgresPort)) {
      settings.add(OURS + ": " + postgresSettings(database));
    }
    CommandLoad.Step step = n -> sendThroughKafka(requester, n);
    // The loop answers once the group has given it the partitions.
    await().atMost(Duration.ofMinutes(2)).ignoreExceptions().until(() -> step.send(-1) == null);
    // A fresh JVM, and brokers that have served nothing yet: their compilers compete for two cores
    // until the hot paths are compiled (a minute here; the commit time halves over it). Stock Axon
    // runs in this JVM, warm by then, with a heap of a quarter of the machine: ours gets the same
    // chance (bench.platformWarmUpSeconds, bench.platformHeap).
    CommandLoad.run(CLIENTS, PLATFORM_WARM_UP, Duration.ZERO, step);
    measure(OURS, step);
  }

  /** Commands at a fixed rate, latency from each one's scheduled send: no coordinated omission. */
  @Test
  @Order(4)
  void oursAtFixedRates() throws Exception {
    assertThat(requester).as("ours is running").isNotNull();
    for (String rate : System.getProperty("bench.openRates", "500,1000").split(",")) {
      CommandLoad.Result result =
          CommandLoad.open(
              Double.parseDouble(rate),
              WARM_UP,
              OPEN_MEASURED,
              n ->
                  requester
                      .send(toggle(requester, n))
                      .thenApply(r -> r.accepted() ? null : "refused " + r.errorKey()));
      runs.put("ours, open loop " + rate + "/s", List.of(result));
    }
  }

  /**
   * Every caller votes on one suggestion: the most a single aggregate takes, every vote counted.
   */
  @Test
  @Order(5)
  void oursOnOneHotSuggestion() throws Exception {
    assertThat(requester).as("ours is running").isNotNull();
    String guild = "799999999999999999";
    String sid = HotSuggestion.submit(requester, guild);
    CommandLoad.Result result =
        CommandLoad.run(
            CLIENTS, WARM_UP, MEASURED, n -> HotSuggestion.vote(requester, guild, sid, n, CLIENTS));
    runs.put("ours, one hot suggestion", List.of(result));
    assertThat(result.failures()).isEmpty();
    long votes = HotSuggestion.countVotes(cluster.bootstrapServers(), guild);
    assertThat(votes).as("a vote event per accepted vote").isEqualTo(HotSuggestion.accepted());
  }

  private static CommandEnvelope toggle(CommandRequester requester, int n) {
    return TestCommands.setToggle(
        "bench-" + UUID.randomUUID(),
        guild(n),
        GuildToggle.KEEP_LOGS.name(),
        n % 2 == 0,
        TestCommands.ADMIN,
        requester.requesterId());
  }

  private static String sendThroughKafka(CommandRequester requester, int n) throws Exception {
    ReplyEnvelope reply = requester.send(toggle(requester, n)).get(30, TimeUnit.SECONDS);
    return reply.accepted() ? null : "refused " + reply.errorKey();
  }

  private void stockAxon(String path, String database, boolean synchronousCommit) throws Exception {
    try (HikariDataSource pool = axonPool(database, synchronousCommit)) {
      settings.add(path + ": " + postgresSettings(pool));
      var transactions = new SpringTransactionManager(new DataSourceTransactionManager(pool));
      var engine =
          JdbcEventStorageEngine.builder()
              .connectionProvider(new SpringDataSourceConnectionProvider(pool))
              .transactionManager(transactions)
              .eventSerializer(EventSerialization.serializer())
              .snapshotSerializer(EventSerialization.snapshotSerializer())
              .upcasterChain(EventUpcasters.chain())
              .build();
      engine.createSchema(PostgresEventTableFactory.INSTANCE);
      var store = EmbeddedEventStore.builder().storageEngine(engine).build();
      ExecutorService snapshots = Executors.newSingleThreadExecutor();
      try {
        CommandGateway gateway = axonGateway(store, transactions, snapshots);
        measure(path, n -> sendThroughAxon(gateway, n));
        long events =
            new JdbcTemplate(pool)
                .queryForObject("SELECT count(*) FROM domainevententry", Long.class);
        long accepted = runs.get(path).stream().mapToLong(CommandLoad.Result::completed).sum();
        assertThat(events).as("one event per accepted command").isGreaterThanOrEqualTo(accepted);
      } finally {
        snapshots.shutdownNow();
        store.shutDown();
      }
    }
  }

  /**
   * Axon wired as {@code CommandNode} wires ours, but on the JDBC engine, with one Spring
   * transaction per unit of work and Axon's own snapshot trigger (ours: every 100 events, too).
   */
  private static CommandGateway axonGateway(
      EmbeddedEventStore store, SpringTransactionManager transactions, ExecutorService snapshots) {
    var bus = SimpleCommandBus.builder().transactionManager(transactions).build();
    bus.registerHandlerInterceptor(CommandNode.correlationData());
    var snapshotter =
        AggregateSnapshotter.builder()
            .eventStore(store)
            .aggregateFactories(new GenericAggregateFactory<>(GuildConfig.class))
            .transactionManager(transactions)
            .executor(snapshots)
            .build();
    var guildConfigs =
        EventSourcingRepository.builder(GuildConfig.class)
            .eventStore(store)
            .snapshotTriggerDefinition(new EventCountSnapshotTriggerDefinition(snapshotter, 100))
            .build();
    bus.registerHandlerInterceptor(ModeratorsOnly.readingFrom(guildConfigs));
    AggregateAnnotationCommandHandler.<GuildConfig>builder()
        .aggregateType(GuildConfig.class)
        .repository(guildConfigs)
        .build()
        .subscribe(bus);
    return DefaultCommandGateway.builder().commandBus(bus).build();
  }

  /** The same payload and metadata as the command loop gives Axon for a decoded command. */
  private static String sendThroughAxon(CommandGateway gateway, int n) {
    String guild = guild(n);
    String commandId = "bench-" + UUID.randomUUID();
    var metaData =
        MetaData.from(
            Map.of(
                GuildConfig.ACTOR,
                TestCommands.ADMIN,
                "commandId",
                commandId,
                "actorId",
                TestCommands.ADMIN.userId(),
                "correlationId",
                commandId,
                KafkaEventStorageEngine.GUILD_ID,
                guild,
                "locale",
                "de",
                "guildLocale",
                "en-GB"));
    Object outcome =
        gateway.sendAndWait(
            new GenericCommandMessage<>(
                new SetGuildToggle(guild, GuildToggle.KEEP_LOGS, n % 2 == 0), metaData));
    return outcome instanceof Outcome.Accepted ? null : String.valueOf(outcome);
  }

  private static HikariDataSource axonPool(String database, boolean synchronousCommit)
      throws Exception {
    try (var c = axonDatabase.getPostgresDatabase().getConnection();
        var s = c.createStatement()) {
      // Names are constants: DDL takes no bind parameters.
      s.execute("CREATE DATABASE " + database);
      s.execute(
          "ALTER DATABASE "
              + database
              + " SET synchronous_commit = "
              + (synchronousCommit ? "on" : "off"));
    }
    var pool = new HikariDataSource();
    pool.setJdbcUrl(axonDatabase.getJdbcUrl("postgres", database));
    pool.setUsername("postgres");
    // A connection per caller and one for the snapshotter: Axon never waits for the pool.
    pool.setMaximumPoolSize(CLIENTS + 2);
    return pool;
  }

  private static HikariDataSource platformDatabase(int port) {
    var pool = new HikariDataSource();
    pool.setJdbcUrl("jdbc:postgresql://127.0.0.1:" + port + "/suggestions");
    pool.setUsername("postgres");
    pool.setMaximumPoolSize(1);
    return pool;
  }

  /** The server's durability settings as a session of {@code pool} sees them. */
  private static String postgresSettings(HikariDataSource pool) {
    var jdbc = new JdbcTemplate(pool);
    var shown = new ArrayList<String>();
    for (String name :
        List.of("fsync", "synchronous_commit", "full_page_writes", "wal_sync_method")) {
      shown.add(name + "=" + jdbc.queryForObject("SHOW " + name, String.class));
    }
    return String.join(", ", shown);
  }

  private static void measure(String path, CommandLoad.Step step) throws Exception {
    List<CommandLoad.Result> results = new ArrayList<>();
    results.add(CommandLoad.run(1, WARM_UP, MEASURED.dividedBy(2), step));
    results.add(CommandLoad.run(CLIENTS, WARM_UP, MEASURED, step));
    runs.put(path, results);
    for (CommandLoad.Result run : results) {
      assertThat(run.failures()).as(path).isEmpty();
      assertThat(run.completed()).as(path).isPositive();
    }
  }

  /** Guild of command {@code n}: commands cycle over the guilds, so over every partition. */
  private static String guild(int n) {
    return String.valueOf(700_000_000_000_000_000L + Math.floorMod(n, GUILDS));
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
