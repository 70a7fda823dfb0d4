package gg.suggestions.command.loop;

import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Runs a node's command loop on its own thread for as long as the application runs. Stops it before
 * the rest of the context, so the last batch commits or aborts cleanly.
 */
public final class CommandLoopLifecycle implements SmartLifecycle {

  private static final Logger log = LoggerFactory.getLogger(CommandLoopLifecycle.class);

  private final CommandLoop loop;
  private final BooleanSupplier idsInMemory;
  private Thread thread;

  public CommandLoopLifecycle(CommandLoop loop) {
    this(loop, () -> false);
  }

  /**
   * @param idsInMemory whether the replica's aggregate and command ids are in memory: until they
   *     are, every command asks the database whether its id was handled before
   */
  public CommandLoopLifecycle(CommandLoop loop, BooleanSupplier idsInMemory) {
    this.loop = loop;
    this.idsInMemory = idsInMemory;
  }

  /** Whether the replica's ids are in memory (see the constructor). */
  public boolean idsInMemory() {
    return idsInMemory.getAsBoolean();
  }

  @Override
  public synchronized void start() {
    thread = new Thread(loop, "command-loop");
    thread.start();
    log.info("Command loop started");
  }

  @Override
  public synchronized void stop() {
    loop.stop();
    try {
      thread.join(TimeUnit.SECONDS.toMillis(30));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    thread = null;
    log.info("Command loop stopped");
  }

  /** What the loop is doing now; safe from any thread. */
  public CommandLoop.Status status() {
    return loop.status();
  }

  @Override
  public synchronized boolean isRunning() {
    return thread != null && thread.isAlive();
  }
}
