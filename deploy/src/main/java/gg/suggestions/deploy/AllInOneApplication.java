package gg.suggestions.deploy;

import gg.suggestions.deploy.runtime.ServiceSelection;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurationExcludeFilter;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.context.TypeExcludeFilter;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.ComponentScan.Filter;
import org.springframework.context.annotation.FilterType;
import org.springframework.context.event.EventListener;

/**
 * The Spring application that hosts the platform's services in one process: all of them by default,
 * or those {@code SUGGESTIONS_SERVICES} names ({@link ServiceSelection}).
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@ComponentScan(
    basePackages = "gg.suggestions",
    excludeFilters = {
      @Filter(type = FilterType.CUSTOM, classes = TypeExcludeFilter.class),
      @Filter(type = FilterType.CUSTOM, classes = AutoConfigurationExcludeFilter.class),
      @Filter(type = FilterType.CUSTOM, classes = ServiceSelection.class)
    })
public class AllInOneApplication {

  private static final Logger log = LoggerFactory.getLogger(AllInOneApplication.class);

  @EventListener
  void announceReady(ApplicationReadyEvent event) {
    var uptime = Duration.ofMillis(ManagementFactory.getRuntimeMXBean().getUptime());
    log.info(
        "Suggestions is ready in {} ms: HTTP on port {}",
        uptime.toMillis(),
        event.getApplicationContext().getEnvironment().getProperty("local.server.port"));
  }
}
