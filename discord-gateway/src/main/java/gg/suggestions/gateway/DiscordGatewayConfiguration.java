package gg.suggestions.gateway;

import gg.suggestions.gateway.jda.DiscordGateway;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.event.EventListener;
import org.springframework.core.env.Environment;

/**
 * Starts the Discord gateway in whatever application scans this package, once the application is
 * ready (the query API it reads is then serving), when {@code DISCORD_TOKEN} is set; otherwise the
 * platform runs without it and says so once.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(GatewayProperties.class)
public class DiscordGatewayConfiguration implements DisposableBean {

  private static final Logger log = LoggerFactory.getLogger(DiscordGatewayConfiguration.class);

  private final GatewayProperties properties;
  private final Environment environment;
  private volatile DiscordGateway gateway;

  private final MeterRegistry meters;

  DiscordGatewayConfiguration(
      GatewayProperties properties, Environment environment, ObjectProvider<MeterRegistry> meters) {
    this.meters = meters.getIfAvailable(CompositeMeterRegistry::new);
    this.properties = properties;
    this.environment = environment;
  }

  @EventListener(ApplicationReadyEvent.class)
  void start() throws InterruptedException {
    if (!properties.enabled()) {
      log.info("The Discord gateway is off: DISCORD_TOKEN is not set");
      return;
    }
    String apiToken = environment.getProperty("suggestions.api.token");
    if (apiToken == null || apiToken.isBlank()) {
      throw new IllegalStateException(
          "DISCORD_TOKEN is set but SUGGESTIONS_API_TOKEN is not: the gateway reads through the"
              + " query API, which needs that token");
    }
    String queryUrl =
        properties.queryUrl() != null
            ? properties.queryUrl()
            : "http://127.0.0.1:" + environment.getRequiredProperty("local.server.port");
    gateway =
        DiscordGateway.start(
            properties,
            environment.getRequiredProperty("suggestions.kafka.bootstrap-servers"),
            queryUrl,
            apiToken,
            meters);
  }

  @Override
  public void destroy() {
    if (gateway != null) {
      gateway.close();
    }
  }
}
