package gg.suggestions.command.loop;

import gg.suggestions.eventstore.replica.ReplicaCatchUp;
import gg.suggestions.eventstore.retry.RetryLog;
import gg.suggestions.eventstore.topic.SuggestionTopics;
import java.time.Duration;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows, in this node's replica, the partitions other nodes own: a node that takes one over (the
 * owner died, stopped, or the group moved it) then catches up the last moments of its log rather
 * than everything written since it last owned it, which made failover time grow with the time
 * between failovers. Off the command path: its own thread and consumer; a database that is down
 * only pauses it.
 */
final class StandbyReplica implements Runnable {

  private static final Logger log = LoggerFactory.getLogger(StandbyReplica.class);

  private static final Duration POLL = Duration.ofMillis(500);
  private static final Duration PAUSE_AFTER_FAILURE = Duration.ofSeconds(2);

  private final ReplicaCatchUp catchUp;
  private final Supplier<Set<Integer>> owned;
  private final RetryLog retries = new RetryLog(log, "Standby replica of other nodes' partitions");
  private volatile boolean running = true;

  /**
   * @param owned the partitions this node owns now (it writes their replica itself)
   */
  StandbyReplica(ReplicaCatchUp catchUp, Supplier<Set<Integer>> owned) {
    this.catchUp = catchUp;
    this.owned = owned;
  }

  void stop() {
    running = false;
  }

  @Override
  public void run() {
    ReplicaCatchUp.Standby following;
    try {
      following = catchUp.standby();
    } catch (RuntimeException e) {
      log.warn("No standby replica: its consumer could not be created: {}", RetryLog.reason(e));
      return;
    }
    try (ReplicaCatchUp.Standby standby = following) {
      while (running) {
        try {
          Set<Integer> mine = owned.get();
          standby.follow(
              IntStream.range(0, SuggestionTopics.PARTITIONS)
                  .filter(p -> !mine.contains(p))
                  .boxed()
                  .collect(Collectors.toSet()));
          standby.poll(POLL);
          retries.passed();
        } catch (InterruptedException e) {
          return;
        } catch (Exception e) {
          retries.failed("following the log", e);
          try {
            Thread.sleep(PAUSE_AFTER_FAILURE.toMillis());
          } catch (InterruptedException stopped) {
            return;
          }
        }
      }
    }
  }
}
