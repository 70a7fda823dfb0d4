package gg.suggestions.deploy.runtime;

import gg.suggestions.deploy.AllInOneApplication;
import gg.suggestions.eventstore.privacy.KeyRing;
import gg.suggestions.eventstore.privacy.MasterKeys;
import gg.suggestions.eventstore.privacy.Sealing;
import gg.suggestions.eventstore.topic.Durability;
import gg.suggestions.eventstore.topic.IncompatibleTopicsException;
import gg.suggestions.eventstore.topic.SuggestionTopics;
import gg.suggestions.eventstore.topic.TopicProvisioner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Starts the platform in order: check the ports, reach or start Kafka, provision and verify the
 * topics, reach or start PostgreSQL, then start the services. A failing step stops what the earlier
 * steps started and reports one {@link StartupProblem}.
 */
public final class Platform {

  private static final Logger log = LoggerFactory.getLogger(Platform.class);
  private static final Duration EMBEDDED_READY_TIMEOUT = Duration.ofSeconds(60);

  private Platform() {}

  /** Starts everything; the caller closes the result to stop it in reverse order. */
  public static RunningPlatform start(LaunchSettings settings, String... args)
      throws StartupProblem {
    Deque<AutoCloseable> started = new ArrayDeque<>();
    try {
      if (!settings.db().isExternal()) {
        EmbeddedDatabase.stopStaleServer(postgresDataDir(settings));
      }
      requireFreePorts(settings);
      String bootstrapServers = startKafka(settings, started);
      provisionTopics(bootstrapServers, durability(settings), settings.kafka().connectTimeout());
      sealPersonalData(settings, bootstrapServers, started);
      Map<String, Object> properties = new HashMap<>(startDatabase(settings, started));
      requireSameLog(bootstrapServers, properties, settings);
      properties.put("suggestions.kafka.bootstrap-servers", bootstrapServers);
      properties.put("server.port", settings.httpPort());
      String services =
          settings.services().stream()
              .map(service -> service.name().toLowerCase(Locale.ROOT))
              .sorted()
              .collect(Collectors.joining(","));
      properties.put("suggestions.services", services);
      log.info("Services in this process: {}", services);
      var context = startServices(properties, args);
      return new RunningPlatform(context, started, bootstrapServers);
    } catch (StartupProblem | RuntimeException e) {
      RunningPlatform.closeAll(started);
      throw e;
    }
  }

  private static void requireFreePorts(LaunchSettings settings) throws StartupProblem {
    Ports.requireFree(settings.httpPort(), false, "HTTP API", "SERVER_PORT");
    if (!settings.kafka().isExternal()) {
      var embedded = settings.embedded();
      Ports.requireFree(
          embedded.kafkaPort(), true, "embedded Kafka broker", "SUGGESTIONS_EMBEDDED_KAFKA_PORT");
      Ports.requireFree(
          embedded.kafkaControllerPort(),
          true,
          "embedded Kafka controller",
          "SUGGESTIONS_EMBEDDED_KAFKA_CONTROLLER_PORT");
    }
    if (!settings.db().isExternal()) {
      Ports.requireFree(
          settings.embedded().postgresPort(),
          true,
          "embedded PostgreSQL",
          "SUGGESTIONS_EMBEDDED_POSTGRES_PORT");
    }
  }

  private static String startKafka(LaunchSettings settings, Deque<AutoCloseable> started)
      throws StartupProblem {
    if (settings.kafka().isExternal()) {
      String servers = settings.kafka().bootstrapServers();
      log.info("Using the Kafka cluster at {}; no embedded broker starts", servers);
      return servers;
    }
    var embedded = settings.embedded();
    var kafka =
        EmbeddedKafka.start(
            settings.dataDir().resolve("kafka"),
            embedded.kafkaPort(),
            embedded.kafkaControllerPort(),
            EMBEDDED_READY_TIMEOUT);
    started.push(kafka);
    return kafka.bootstrapServers();
  }

  private static Durability durability(LaunchSettings settings) throws StartupProblem {
    if (!settings.kafka().isExternal()) {
      return Durability.SINGLE_BROKER_DEVELOPMENT;
    }
    try {
      return Durability.forReplicationFactor(settings.kafka().replicationFactor());
    } catch (IllegalArgumentException e) {
      throw new StartupProblem(e.getMessage() + " (SUGGESTIONS_KAFKA_REPLICATION_FACTOR)");
    }
  }

  private static void provisionTopics(String servers, Durability durability, Duration timeout)
      throws StartupProblem {
    if (!durability.isReplicated()) {
      log.warn(
          "\n**********************************************************************\n"
              + "*  DEVELOPMENT MODE: every topic has ONE replica on ONE broker.      *\n"
              + "*  Nothing is replicated; losing this disk loses every event.        *\n"
              + "*  For real data set SUGGESTIONS_KAFKA_BOOTSTRAP_SERVERS to a cluster *\n"
              + "*  of three brokers (replication factor 3, min.insync.replicas 2).   *\n"
              + "**********************************************************************");
    }
    try (Admin admin = Admin.create(adminProperties(servers, timeout))) {
      requireReachable(admin, servers, timeout);
      Set<String> created =
          new TopicProvisioner(admin, durability, timeout).provision(SuggestionTopics.all());
      log.info("Topics ready ({} created now)", created.isEmpty() ? "none" : created);
    } catch (IncompatibleTopicsException e) {
      throw new StartupProblem(e.getMessage() + " on " + servers + "; fix them with kafka-topics");
    } catch (TimeoutException e) {
      throw new StartupProblem("Kafka at " + servers + " stopped answering within " + timeout);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StartupProblem("Interrupted while provisioning topics on " + servers);
    } catch (org.apache.kafka.common.KafkaException e) {
      throw new StartupProblem("Cannot use Kafka at " + servers + ": " + e.getMessage(), e);
    }
  }

  /**
   * Installs this process's {@link Sealing} when it has a master key ({@code
   * SUGGESTIONS_MASTER_KEY} or {@code SUGGESTIONS_MASTER_KEY_FILE}); the embedded development
   * platform makes one in its data folder on first start. Without one, personal data is written in
   * plaintext, loudly.
   */
  private static void sealPersonalData(
      LaunchSettings settings, String servers, Deque<AutoCloseable> started) throws StartupProblem {
    SecureRandom random = new SecureRandom();
    Optional<MasterKeys> masters;
    try {
      masters = MasterKeys.fromEnvironment(System.getenv(), random);
      if (masters.isEmpty() && !settings.kafka().isExternal()) {
        masters = Optional.of(MasterKeys.parse(developmentMasterKey(settings, random), random));
      }
    } catch (IllegalArgumentException e) {
      throw new StartupProblem(e.getMessage());
    }
    if (masters.isEmpty()) {
      log.warn(
          "No SUGGESTIONS_MASTER_KEY: members' personal data is written to the log in plaintext"
              + " and can not be forgotten (docs/privacy.md)");
      return;
    }
    Duration timeout = settings.kafka().connectTimeout();
    try {
      KeyRing ring =
          KeyRing.connect(
              Map.of(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, servers),
              masters.get(),
              random,
              timeout);
      Sealing.install(Sealing.with(ring, random));
      started.push(
          () -> {
            Sealing.install(Sealing.NONE);
            ring.close();
          });
      log.info(
          "Personal data is sealed per member (master key {}; {} member keys)",
          masters.get().currentId(),
          ring.size());
    } catch (KeyRing.KeyTopicUnavailableException | org.apache.kafka.common.KafkaException e) {
      throw new StartupProblem(
          "Cannot read the key topic on "
              + servers
              + ": "
              + e.getMessage()
              + (e.getCause() == null ? "" : " (" + e.getCause().getMessage() + ")"),
          e);
    }
  }

  /** The embedded platform's master key, made on first start and kept in its data folder. */
  private static String developmentMasterKey(LaunchSettings settings, SecureRandom random)
      throws StartupProblem {
    Path file = settings.dataDir().resolve("master.key");
    try {
      if (!Files.exists(file)) {
        Files.createDirectories(settings.dataDir());
        Files.writeString(
            file,
            MasterKeys.generate("dev1", random),
            StandardOpenOption.CREATE_NEW,
            StandardOpenOption.WRITE);
        try {
          Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException notPosix) {
          // Windows: the folder's own permissions apply.
        }
        log.warn(
            "Made a development master key in {}: it opens every member's personal data; back it"
                + " up with the data folder, and set SUGGESTIONS_MASTER_KEY for real data",
            file);
      }
      return Files.readString(file);
    } catch (IOException e) {
      throw new StartupProblem("Cannot keep the development master key in " + file + ": " + e);
    }
  }

  private static void requireSameLog(
      String servers, Map<String, Object> datasource, LaunchSettings settings)
      throws StartupProblem {
    String url = (String) datasource.get("spring.datasource.url");
    String where =
        settings.db().isExternal()
            ? "The database at " + url.split("\\?")[0]
            : "The embedded database in " + postgresDataDir(settings);
    try (Admin admin = Admin.create(adminProperties(servers, settings.kafka().connectTimeout()))) {
      LogSource.requireSameLog(
          admin,
          servers,
          url,
          (String) datasource.get("spring.datasource.username"),
          (String) datasource.getOrDefault("spring.datasource.password", ""),
          where);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StartupProblem("Interrupted while checking which log the database was built from");
    }
  }

  private static void requireReachable(Admin admin, String servers, Duration timeout)
      throws StartupProblem, InterruptedException {
    try {
      admin.describeCluster().nodes().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException | java.util.concurrent.ExecutionException e) {
      throw new StartupProblem(
          "Cannot reach Kafka at "
              + servers
              + " within "
              + timeout.toSeconds()
              + " s: check SUGGESTIONS_KAFKA_BOOTSTRAP_SERVERS and that the brokers are up");
    }
  }

  private static Properties adminProperties(String servers, Duration timeout) {
    Properties props = new Properties();
    props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, servers);
    props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
    props.put(
        AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) Math.min(timeout.toMillis(), 10_000));
    return props;
  }

  private static Map<String, Object> startDatabase(
      LaunchSettings settings, Deque<AutoCloseable> started) throws StartupProblem {
    var db = settings.db();
    if (db.isExternal()) {
      requireReachable(db);
      log.info("Using the PostgreSQL database at {}; no embedded database starts", db.url());
      return Map.of(
          "spring.datasource.url", db.url(),
          "spring.datasource.username", db.user() == null ? "" : db.user(),
          "spring.datasource.password", db.password() == null ? "" : db.password());
    }
    var database =
        EmbeddedDatabase.start(
            postgresDataDir(settings),
            settings.dataDir().resolve("postgres-runtime"),
            settings.embedded().postgresPort());
    started.push(database);
    return Map.of(
        "spring.datasource.url",
        database.jdbcUrl(),
        "spring.datasource.username",
        EmbeddedDatabase.USER);
  }

  private static java.nio.file.Path postgresDataDir(LaunchSettings settings) {
    return settings.dataDir().resolve("postgres");
  }

  private static void requireReachable(LaunchSettings.Db db) throws StartupProblem {
    DriverManager.setLoginTimeout(10);
    try (var ignored = DriverManager.getConnection(db.url(), db.user(), db.password())) {
      // Reached and authenticated.
    } catch (SQLException e) {
      throw new StartupProblem(
          "Cannot connect to PostgreSQL at " + db.url() + ": " + e.getMessage(), e);
    }
  }

  private static ConfigurableApplicationContext startServices(
      Map<String, Object> properties, String... args) {
    SpringApplication application = new SpringApplication(AllInOneApplication.class);
    application.setDefaultProperties(properties);
    // RunningPlatform stops Spring first, then the embedded broker and database.
    application.setRegisterShutdownHook(false);
    return application.run(args);
  }
}
