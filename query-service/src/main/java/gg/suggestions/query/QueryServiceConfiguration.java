package gg.suggestions.query;

import gg.suggestions.eventstore.request.BearerToken;
import gg.suggestions.eventstore.retry.RetryLog;
import gg.suggestions.query.projection.Bootstrap;
import gg.suggestions.query.projection.ProjectionMetrics;
import gg.suggestions.query.projection.Projections;
import gg.suggestions.query.projection.guildconfig.GuildConfigQueries;
import gg.suggestions.query.projection.localestats.LocaleStatsQueries;
import gg.suggestions.query.projection.memberstats.MemberStatsQueries;
import gg.suggestions.query.projection.queue.QueueQueries;
import gg.suggestions.query.projection.suggestions.SuggestionQueries;
import gg.suggestions.query.projection.usage.UsageQueries;
import gg.suggestions.query.projection.userconfig.UserConfigQueries;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * Hosts the read side in whatever application scans this package (the all-in-one jar today): every
 * projection's processor over the event log, and the query API.
 */
@Configuration(proxyBeanMethods = false)
public class QueryServiceConfiguration {

  /** Every projection of the catalogue, each with its processor over the topic it reads. */
  @Bean
  Projections projections(
      @Value("${suggestions.kafka.bootstrap-servers}") String bootstrapServers,
      @Value("${suggestions.projections.bootstrap-min-events:10000}") long bootstrapMinEvents,
      @Value("${suggestions.projections.bootstrap-workers:0}") int bootstrapWorkers,
      DataSource dataSource,
      PlatformTransactionManager transactions,
      ObjectProvider<MeterRegistry> meters) {
    Map<String, Object> kafka = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    JdbcTemplate jdbc = new JdbcTemplate(dataSource);
    return new Projections(
        ProjectionCatalog.definitions(ProjectionCatalog.ALL, kafka, jdbc),
        dataSource,
        transactions,
        new Bootstrap(
            kafka,
            dataSource,
            bootstrapMinEvents,
            nodeName(),
            // Each worker takes a connection of the node's pool while it loads a partition.
            bootstrapWorkers > 0
                ? bootstrapWorkers
                : Math.min(4, Runtime.getRuntime().availableProcessors())),
        meters.getIfAvailable());
  }

  /**
   * The projections' lag, dead letters and bootstrap progress, sampled every 15 s (a scrape
   * interval): each sample opens a consumer per topic for the log's end.
   */
  @Bean(destroyMethod = "close")
  ProjectionMetrics projectionMetrics(
      Projections projections, ObjectProvider<MeterRegistry> meters) {
    return ProjectionMetrics.start(
        projections, meters.getIfAvailable(CompositeMeterRegistry::new), Duration.ofSeconds(15));
  }

  /** How this node is named in {@code suggestionsctl status}: host and process. */
  private static String nodeName() {
    String host;
    try {
      host = InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      host = "unknown-host";
    }
    return host + "/" + ProcessHandle.current().pid();
  }

  // The reads of the query API, over the tables the processors above keep.

  @Bean
  LocaleStatsQueries localeStatsQueries(DataSource dataSource) {
    return new LocaleStatsQueries(new JdbcTemplate(dataSource));
  }

  @Bean
  MemberStatsQueries memberStatsQueries(DataSource dataSource) {
    return new MemberStatsQueries(new JdbcTemplate(dataSource));
  }

  @Bean
  UsageQueries usageQueries(DataSource dataSource) {
    return new UsageQueries(new JdbcTemplate(dataSource));
  }

  @Bean
  GuildConfigQueries guildConfigQueries(DataSource dataSource) {
    return new GuildConfigQueries(new JdbcTemplate(dataSource));
  }

  @Bean
  UserConfigQueries userConfigQueries(DataSource dataSource) {
    return new UserConfigQueries(new JdbcTemplate(dataSource));
  }

  @Bean
  QueueQueries queueQueries(DataSource dataSource) {
    return new QueueQueries(new JdbcTemplate(dataSource));
  }

  /** Processors run while the application does; a stop lets each finish its batch. */
  @Bean
  SmartLifecycle projectionsLifecycle(Projections projections) {
    return new SmartLifecycle() {
      private volatile boolean running;

      @Override
      public void start() {
        projections.start();
        running = true;
      }

      @Override
      public void stop() {
        projections.stop();
        running = false;
      }

      @Override
      public boolean isRunning() {
        return running;
      }
    };
  }

  /**
   * Readiness: up once every projection has read to the end of the log, and down, saying so, while
   * the projections' database does not answer: queries would fail (they answer 503 meanwhile) and
   * the projections wait for it, to continue where they stopped.
   */
  @Bean
  HealthIndicator projectionsHealthIndicator(Projections projections, DataSource dataSource) {
    return () -> {
      Optional<String> database = databaseProblem(dataSource);
      if (database.isPresent()) {
        return Health.down().withDetail("database", database.get()).build();
      }
      List<Projections.Status> status = projections.status();
      Health.Builder health;
      if (status.stream().anyMatch(Projections.Status::failed)) {
        health = Health.down();
      } else if (status.stream().allMatch(Projections.Status::caughtUp)) {
        health = Health.up();
      } else {
        health = Health.outOfService();
      }
      status.forEach(s -> health.withDetail(s.name(), s));
      return health.build();
    };
  }

  /** Why the database does not answer within a second, if it does not. */
  private static Optional<String> databaseProblem(DataSource dataSource) {
    try (Connection c = dataSource.getConnection()) {
      return c.isValid(1) ? Optional.empty() : Optional.of("unreachable: no answer within 1 s");
    } catch (SQLException | RuntimeException e) {
      return Optional.of("unreachable: " + RetryLog.reason(e));
    }
  }

  @Bean
  SuggestionQueries suggestionQueries(DataSource dataSource) {
    return new SuggestionQueries(new JdbcTemplate(dataSource));
  }

  @Bean
  BearerToken queryApiToken(@Value("${suggestions.api.token:#{null}}") String token) {
    return new BearerToken(BearerToken.checked(token));
  }
}
