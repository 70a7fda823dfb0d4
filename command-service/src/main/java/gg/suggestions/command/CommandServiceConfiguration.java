package gg.suggestions.command;

import gg.suggestions.command.http.CommandApiProperties;
import gg.suggestions.command.loop.CommandLoop;
import gg.suggestions.command.loop.CommandLoopLifecycle;
import gg.suggestions.command.loop.CommandNode;
import gg.suggestions.eventstore.envelope.CommandCodec;
import gg.suggestions.eventstore.envelope.EnvelopeCodec;
import gg.suggestions.eventstore.request.CommandRequester;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import java.time.Clock;
import java.util.UUID;
import javax.sql.DataSource;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Hosts a command node in whatever application scans this package (the all-in-one jar today): its
 * loop joins the command consumer group and takes its share of the partitions, and {@code POST
 * /commands} sends through the command topic like any other requester.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({CommandApiProperties.class, CommandLoopProperties.class})
public class CommandServiceConfiguration {

  @Bean
  Clock clock() {
    return Clock.systemUTC();
  }

  @Bean
  CommandLoopLifecycle commandLoop(
      @Value("${suggestions.kafka.bootstrap-servers}") String bootstrapServers,
      DataSource dataSource,
      Clock clock,
      CommandLoopProperties properties,
      ObjectProvider<MeterRegistry> meters) {
    CommandNode node =
        CommandNode.create(
            bootstrapServers,
            dataSource,
            clock,
            properties.maxBatch(),
            properties.membership(),
            meters.getIfAvailable(CompositeMeterRegistry::new));
    return new CommandLoopLifecycle(node.loop(), node::idsInMemory);
  }

  /**
   * Readiness: up once the loop has joined the group and every partition it owns is caught up, so a
   * load balancer sends nothing to a node that would keep it waiting.
   */
  @Bean
  HealthIndicator commandLoopHealthIndicator(CommandLoopLifecycle loop) {
    return () -> {
      CommandLoop.Status status = loop.status();
      Health.Builder health = status.isServing() ? Health.up() : Health.outOfService();
      if (status.state() == CommandLoop.Status.State.FAILED) {
        health = Health.down();
      }
      return health
          .withDetail("state", status.state())
          .withDetail("ownedPartitions", status.owned())
          .withDetail("catchingUp", status.catchingUp())
          .withDetail("stuckOn", status.stuckOn())
          // Until they are, a database outage refuses every command (its id is checked there).
          .withDetail("idsInMemory", loop.idsInMemory())
          .build();
    };
  }

  /** Replies to this node's HTTP requests are keyed by an id no other node or run shares. */
  @Bean(destroyMethod = "close")
  CommandRequester httpCommandRequester(
      @Value("${suggestions.kafka.bootstrap-servers}") String bootstrapServers) {
    return new CommandRequester(
        bootstrapServers,
        "http-" + UUID.randomUUID(),
        new CommandCodec(EnvelopeCodec.defaultMapper()));
  }
}
