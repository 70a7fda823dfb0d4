package gg.suggestions.eventstore.retry;

import gg.suggestions.eventstore.deadletter.DeadLetter;
import gg.suggestions.eventstore.deadletter.SafeText;
import java.util.Optional;
import org.slf4j.Logger;

/**
 * Logs one failure that a loop retries until it passes (a partition stuck at an offset, a
 * projection whose database is down): the first attempt with its stack trace, then one line at
 * attempts 2, 4, 8, 16, …, and one line when it passes. A failure at another place starts over.
 *
 * <p>One instance per thing that can be stuck (a partition, a projection); safe to use from the
 * several threads that may retry it, and {@link #stuckOn()} may be read by any thread, for a
 * status.
 */
public final class RetryLog {

  /** The longest reason a line shows; the first line's stack trace has the rest. */
  static final int MAX_REASON = 300;

  private final Logger log;
  private final String what;
  private String where;
  private int attempts;
  private volatile String stuckOn;

  /**
   * @param log the logger of the loop that retries
   * @param what what is retried, as the start of a sentence ("Effects of suggestions.events.v1-3")
   */
  public RetryLog(Logger log, String what) {
    this.log = log;
    this.what = what;
  }

  /**
   * Records a failed attempt at {@code where} (a partition and offset, an event id) and logs it if
   * it is the first or its count is a power of two.
   */
  public synchronized void failed(String where, Throwable failure) {
    if (!where.equals(this.where)) {
      attempts = 0;
      this.where = where;
    }
    attempts++;
    String reason = reason(failure);
    stuckOn = where + ": " + reason;
    if (attempts == 1) {
      log.warn("{} failed at {}; retrying: {}", what, where, reason, failure);
    } else if (Integer.bitCount(attempts) == 1) {
      log.warn("{} still failing at {} after {} attempts: {}", what, where, attempts, reason);
    }
  }

  /** Records a passing attempt; logs the recovery if attempts had failed before. */
  public synchronized void passed() {
    if (attempts > 0) {
      log.info("{} recovered at {} after {} failed attempts", what, where, attempts);
    }
    attempts = 0;
    where = null;
    stuckOn = null;
  }

  /** Failed attempts in a row at the current place; 0 when the last attempt passed. */
  public synchronized int attempts() {
    return attempts;
  }

  /** Where and why it is stuck, while it is. */
  public Optional<String> stuckOn() {
    return Optional.ofNullable(stuckOn);
  }

  /** {@code failure} and its causes as one printable line of at most {@value #MAX_REASON}. */
  public static String reason(Throwable failure) {
    return SafeText.printable(DeadLetter.describe(failure), MAX_REASON);
  }
}
