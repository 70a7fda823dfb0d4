package gg.suggestions.deploy.runtime;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.SimpleCommandLinePropertySource;
import org.springframework.core.env.StandardEnvironment;

/**
 * What the platform needs to know before Spring starts: where Kafka and PostgreSQL are, or where
 * the embedded ones keep their data. Read from the environment ({@code
 * SUGGESTIONS_KAFKA_BOOTSTRAP_SERVERS}, {@code SUGGESTIONS_DB_URL}, ...) or from {@code
 * --suggestions.*} arguments, with Spring's relaxed binding.
 *
 * @param dataDir the one folder that holds all embedded data
 * @param httpPort the port of the HTTP API ({@code server.port}); 0 picks a free one
 * @param kafka where the log lives
 * @param db where the projections live
 * @param embedded ports of the embedded services, used only when nothing external is set
 * @param services the services this process hosts ({@code SUGGESTIONS_SERVICES}); all by default
 */
public record LaunchSettings(
    @DefaultValue("data") Path dataDir,
    @DefaultValue("8080") int httpPort,
    @DefaultValue Kafka kafka,
    @DefaultValue Db db,
    @DefaultValue Embedded embedded,
    @DefaultValue({"command", "query", "gateway"}) Set<ServiceSelection.Service> services) {

  public LaunchSettings {
    if (services.isEmpty()) {
      throw new IllegalArgumentException(
          "SUGGESTIONS_SERVICES names no service; give any of command, query, gateway");
    }
  }

  /**
   * @param bootstrapServers an external cluster; empty starts the embedded broker
   * @param replicationFactor for an external cluster: 3 or more, or 1 for single-broker development
   * @param connectTimeout how long to wait for the cluster to answer at start-up
   */
  public record Kafka(
      String bootstrapServers,
      @DefaultValue("3") int replicationFactor,
      @DefaultValue("15s") Duration connectTimeout) {

    public boolean isExternal() {
      return bootstrapServers != null && !bootstrapServers.isBlank();
    }
  }

  /**
   * @param url an external PostgreSQL JDBC URL; empty starts the embedded database
   * @param user the database user
   * @param password the database password; never logged
   */
  public record Db(String url, String user, String password) {

    public boolean isExternal() {
      return url != null && !url.isBlank();
    }

    @Override
    public String toString() {
      return "Db[url="
          + url
          + ", user="
          + user
          + ", password="
          + (password == null ? "" : "****")
          + "]";
    }
  }

  /**
   * @param kafkaPort the embedded broker's client port
   * @param kafkaControllerPort the embedded broker's KRaft controller port
   * @param postgresPort the embedded PostgreSQL port
   */
  public record Embedded(
      @DefaultValue("9092") int kafkaPort,
      @DefaultValue("9093") int kafkaControllerPort,
      @DefaultValue("5433") int postgresPort) {}

  /** Reads the settings from the process environment, system properties and arguments. */
  public static LaunchSettings from(String... args) throws StartupProblem {
    ConfigurableEnvironment environment = new StandardEnvironment();
    environment.getPropertySources().addFirst(new SimpleCommandLinePropertySource(args));
    return from(environment);
  }

  static LaunchSettings from(ConfigurableEnvironment environment) throws StartupProblem {
    try {
      Binder binder = new Binder(ConfigurationPropertySources.get(environment));
      int httpPort = binder.bind("server.port", Integer.class).orElse(8080);
      LaunchSettings settings =
          binder.bindOrCreate("suggestions", Bindable.of(LaunchSettings.class));
      return settings.withHttpPort(httpPort);
    } catch (RuntimeException e) {
      throw new StartupProblem("Invalid setting: " + rootMessage(e), e);
    }
  }

  private LaunchSettings withHttpPort(int port) {
    return new LaunchSettings(dataDir, port, kafka, db, embedded, services);
  }

  private static String rootMessage(Throwable e) {
    Throwable cause = e;
    while (cause.getCause() != null) {
      cause = cause.getCause();
    }
    return e.getMessage() + (cause == e ? "" : " (" + cause.getMessage() + ")");
  }
}
