package gg.suggestions.gateway.command;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One command per member per {@code interval} (suggestions have the guild's own cooldown in the
 * command service instead): a member who is faster is told how long to wait, and nothing is sent.
 * Thread-safe; forgets members who have been quiet for longer than the interval.
 */
public final class Pacing {

  private static final int FORGET_ABOVE = 10_000;

  private final Duration interval;
  private final Map<String, Instant> lastAdmitted = new ConcurrentHashMap<>();

  public Pacing(Duration interval) {
    this.interval = interval;
  }

  /**
   * Admits {@code userId}'s command at {@code now}.
   *
   * @throws InvalidInput with the whole seconds left to wait, if the member is too fast
   */
  public void admit(String userId, Instant now) {
    if (interval.isZero()) {
      return;
    }
    Instant[] refusedSince = {null};
    lastAdmitted.compute(
        userId,
        (user, last) -> {
          if (last != null && last.plus(interval).isAfter(now)) {
            refusedSince[0] = last;
            return last;
          }
          return now;
        });
    if (lastAdmitted.size() > FORGET_ABOVE) {
      lastAdmitted.values().removeIf(at -> at.plus(interval).isBefore(now));
    }
    if (refusedSince[0] != null) {
      long millis = Duration.between(now, refusedSince[0].plus(interval)).toMillis();
      throw new InvalidInput("input.slow_down", Math.max(1, (millis + 999) / 1000));
    }
  }
}
