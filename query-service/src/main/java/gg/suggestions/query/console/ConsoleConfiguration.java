package gg.suggestions.query.console;

import gg.suggestions.eventstore.request.BearerToken;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import javax.sql.DataSource;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

/** The console's parts: its sign-in, its guard, and what its pages read. */
@Configuration(proxyBeanMethods = false)
class ConsoleConfiguration {

  @Bean
  ConsoleSession consoleSession(@Value("${suggestions.api.token:#{null}}") String token) {
    return new ConsoleSession(BearerToken.checked(token), Clock.systemUTC());
  }

  @Bean
  FilterRegistrationBean<ConsoleAccess> consoleAccess(ConsoleSession session) {
    var registration = new FilterRegistrationBean<>(new ConsoleAccess(session));
    registration.addUrlPatterns("/console", "/console/*");
    registration.setName("consoleAccess");
    return registration;
  }

  @Bean
  ConsoleRebuilds consoleRebuilds(
      @Value("${suggestions.kafka.bootstrap-servers}") String bootstrapServers,
      DataSource dataSource) {
    return new ConsoleRebuilds(
        Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers),
        dataSource,
        Clock.systemUTC());
  }

  @Bean
  EventBrowser consoleEvents(DataSource dataSource) {
    return new EventBrowser(new JdbcTemplate(dataSource));
  }

  @Bean(destroyMethod = "close")
  CommandSide consoleCommandSide(
      @Value("${suggestions.kafka.bootstrap-servers}") String bootstrapServers) {
    return new CommandSide(
        Admin.create(
            Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 5_000,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000)),
        Clock.systemUTC(),
        Duration.ofSeconds(5));
  }
}
