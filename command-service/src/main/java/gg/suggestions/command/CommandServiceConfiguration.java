package gg.suggestions.command;

import gg.suggestions.command.loop.CommandLoopLifecycle;
import gg.suggestions.command.loop.CommandNode;
import java.time.Clock;
import javax.sql.DataSource;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Hosts a command node in whatever application scans this package (the all-in-one jar today): its
 * loop joins the command consumer group and takes its share of the partitions.
 */
@Configuration(proxyBeanMethods = false)
public class CommandServiceConfiguration {

  @Bean
  CommandLoopLifecycle commandLoop(
      @Value("${suggestions.kafka.bootstrap-servers}") String bootstrapServers,
      DataSource dataSource) {
    return new CommandLoopLifecycle(
        CommandNode.create(bootstrapServers, dataSource, Clock.systemUTC()).loop());
  }
}
