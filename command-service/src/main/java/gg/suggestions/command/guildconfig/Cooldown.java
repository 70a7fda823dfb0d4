package gg.suggestions.command.guildconfig;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A suggestion limit: at most {@code amount} submissions per member in any {@code period}.
 *
 * @param amount how many
 * @param period in how long
 */
record Cooldown(int amount, Duration period) {

  /** One suggestion per member every 3 seconds, unless the guild sets its own limit. */
  static final Cooldown DEFAULT = new Cooldown(1, Duration.ofSeconds(3));

  /**
   * How long the member must wait before submitting at {@code now}, or empty if they may.
   *
   * @param earlier the member's earlier admissions, oldest first
   */
  Optional<Duration> waitAt(Instant now, List<Instant> earlier) {
    List<Instant> inPeriod = earlier.stream().filter(at -> at.plus(period).isAfter(now)).toList();
    if (inPeriod.size() < amount) {
      return Optional.empty();
    }
    Instant oldestCounted = inPeriod.get(inPeriod.size() - amount);
    return Optional.of(Duration.between(now, oldestCounted.plus(period)));
  }
}
