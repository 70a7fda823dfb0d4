package gg.suggestions.deploy.runtime;

import java.util.Deque;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A started platform. Closing it stops the services first, then the embedded broker and database.
 */
public final class RunningPlatform implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(RunningPlatform.class);

  private final ConfigurableApplicationContext context;
  private final Deque<AutoCloseable> embedded;
  private final String bootstrapServers;

  RunningPlatform(
      ConfigurableApplicationContext context,
      Deque<AutoCloseable> embedded,
      String bootstrapServers) {
    this.context = context;
    this.embedded = embedded;
    this.bootstrapServers = bootstrapServers;
  }

  public ConfigurableApplicationContext context() {
    return context;
  }

  public String bootstrapServers() {
    return bootstrapServers;
  }

  @Override
  public synchronized void close() {
    if (context.isActive()) {
      context.close();
    }
    closeAll(embedded);
  }

  /** Closes in reverse start order; one failure does not keep the rest running. */
  static void closeAll(Deque<AutoCloseable> started) {
    while (!started.isEmpty()) {
      AutoCloseable next = started.pop();
      try {
        next.close();
      } catch (Exception e) {
        log.error("Could not stop {} cleanly", next.getClass().getSimpleName(), e);
      }
    }
  }
}
