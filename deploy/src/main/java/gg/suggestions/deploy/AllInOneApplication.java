package gg.suggestions.deploy;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;

/** The Spring application that hosts every service of the platform in one process. */
@SpringBootApplication(scanBasePackages = "gg.suggestions")
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
