package gg.suggestions.gateway.fake;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Pattern;

/**
 * Injected REST faults. Each rule applies to the next {@code times} requests whose method equals
 * and whose path (below the API base, leading slash, no query) fully matches the regex. Rules are
 * tried in the order they were added; the first one with budget left wins.
 */
public final class Faults {

  enum Kind {
    RATE_LIMIT,
    STATUS,
    DELAY,
    DELAY_ANSWER
  }

  static final class Rule {
    final String method;
    final Pattern path;
    final Kind kind;
    final int status;
    final double retryAfterSeconds;
    final Duration delay;
    int remaining;

    Rule(
        String method,
        String path,
        int times,
        Kind kind,
        int status,
        double retryAfterSeconds,
        Duration delay) {
      this.method = method.toUpperCase();
      this.path = Pattern.compile(path);
      this.remaining = times;
      this.kind = kind;
      this.status = status;
      this.retryAfterSeconds = retryAfterSeconds;
      this.delay = delay;
    }
  }

  private final List<Rule> rules = new CopyOnWriteArrayList<>();

  /** 429 with Discord's body and the X-RateLimit-* / Retry-After / Via headers JDA reads. */
  public Faults rateLimit(String method, String pathRegex, int times, double retryAfterSeconds) {
    rules.add(
        new Rule(method, pathRegex, times, Kind.RATE_LIMIT, 429, retryAfterSeconds, Duration.ZERO));
    return this;
  }

  /** HTTP 500 (which JDA does NOT retry). */
  public Faults serverError(String method, String pathRegex, int times) {
    return serverError(method, pathRegex, times, 500);
  }

  /** Any status, e.g. 502/503/504 (which JDA retries up to 3 times, backing off 0.5/1/2 s). */
  public Faults serverError(String method, String pathRegex, int times, int status) {
    rules.add(new Rule(method, pathRegex, times, Kind.STATUS, status, 0, Duration.ZERO));
    return this;
  }

  /** Answer normally, but only after {@code delay}. */
  public Faults delay(String method, String pathRegex, int times, Duration delay) {
    rules.add(new Rule(method, pathRegex, times, Kind.DELAY, 0, 0, delay));
    return this;
  }

  /** Carry the request out at once, but answer only after {@code delay}. */
  public Faults delayAnswer(String method, String pathRegex, int times, Duration delay) {
    rules.add(new Rule(method, pathRegex, times, Kind.DELAY_ANSWER, 0, 0, delay));
    return this;
  }

  public void clear() {
    rules.clear();
  }

  /** Claims one use of the first matching rule, or returns null. */
  synchronized Rule claim(String method, String path) {
    for (Rule r : rules) {
      if (r.remaining > 0 && r.method.equalsIgnoreCase(method) && r.path.matcher(path).matches()) {
        r.remaining--;
        return r;
      }
    }
    return null;
  }
}
