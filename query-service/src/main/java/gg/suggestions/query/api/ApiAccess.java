package gg.suggestions.query.api;

import gg.suggestions.eventstore.limits.Limits;
import gg.suggestions.eventstore.request.BearerToken;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;

/**
 * What every query endpoint does first: check the bearer token, then read its parameters, refusing
 * a bad one with a 400 that names it. Answers are problem documents (RFC 9457).
 */
@Component
class ApiAccess {

  static final int MAX_PAGE_SIZE = QueryLimits.MAX_PAGE_SIZE;
  static final Duration MAX_WAIT = QueryLimits.MAX_WAIT;
  private static final Duration POLL = Duration.ofMillis(25);

  private final BearerToken token;

  ApiAccess(BearerToken token) {
    this.token = token;
  }

  ResponseEntity<?> authorised(String authorization, Supplier<ResponseEntity<?>> query) {
    if (!token.isConfigured()) {
      return problem(
          HttpStatus.FORBIDDEN,
          "The query API is disabled: the server was started without SUGGESTIONS_API_TOKEN.");
    }
    if (!token.authorises(authorization)) {
      return ResponseEntity.status(HttpStatus.UNAUTHORIZED)
          .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"suggestions\"")
          .contentType(MediaType.APPLICATION_PROBLEM_JSON)
          .body(
              problemDetail(
                  HttpStatus.UNAUTHORIZED,
                  "A valid bearer token is required.",
                  HttpHeaders.AUTHORIZATION));
    }
    try {
      return query.get();
    } catch (BadParameter e) {
      return ResponseEntity.badRequest()
          .contentType(MediaType.APPLICATION_PROBLEM_JSON)
          .body(problemDetail(HttpStatus.BAD_REQUEST, e.getMessage(), e.parameter()));
    }
  }

  /**
   * Read your writes: answers once the row has applied sequence {@code atLeast} (from a command's
   * reply), waiting up to {@code waitMillis}; without {@code atLeast}, answers at once. A row still
   * behind when the wait ends gets a 504 that says how far it is, never a stale answer.
   *
   * @param sequence the row's last applied sequence now, or -1 if it does not exist yet
   */
  static ResponseEntity<?> whenApplied(
      Long atLeast, long waitMillis, LongSupplier sequence, Supplier<ResponseEntity<?>> answer) {
    if (atLeast == null) {
      return answer.get();
    }
    if (atLeast < 0) {
      throw new BadParameter("atLeast", "atLeast must be a sequence: 0 or more.");
    }
    if (waitMillis < 0 || waitMillis > MAX_WAIT.toMillis()) {
      throw new BadParameter("waitMillis", "waitMillis must be 0 to " + MAX_WAIT.toMillis() + ".");
    }
    long deadline = System.nanoTime() + waitMillis * 1_000_000;
    long applied = sequence.getAsLong();
    while (applied < atLeast && System.nanoTime() < deadline) {
      try {
        Thread.sleep(POLL.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
      applied = sequence.getAsLong();
    }
    if (applied < atLeast) {
      return problem(
          HttpStatus.GATEWAY_TIMEOUT,
          "Not applied yet: the projection is at sequence "
              + applied
              + ", the write ends at "
              + atLeast
              + ". Ask again, or wait longer.");
    }
    return answer.get();
  }

  static String discordId(String name, String value) {
    return checked(name, value, Limits.snowflake(name, value));
  }

  static String shortId(String name, String value) {
    return checked(name, value, Limits.shortId(name, value));
  }

  /** Text of at most {@code max} characters, with the platform's character policy. */
  static String text(String name, String value, int max) {
    return checked(name, value, Limits.text(name, value, max));
  }

  private static String checked(String name, String value, Optional<String> problem) {
    if (problem.isPresent()) {
      throw new BadParameter(name, problem.get() + ".");
    }
    return value;
  }

  static void page(int page, int size) {
    if (page < 0) {
      throw new BadParameter("page", "page must be 0 or more.");
    }
    if (size < 1 || size > MAX_PAGE_SIZE) {
      throw new BadParameter("size", "size must be 1 to " + MAX_PAGE_SIZE + ".");
    }
  }

  static <E extends Enum<E>> E oneOf(Class<E> type, String name, String value) {
    try {
      return Enum.valueOf(type, value.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      String allowed = List.of(type.getEnumConstants()).toString().toLowerCase(Locale.ROOT);
      throw new BadParameter(name, name + " must be one of " + allowed + ".");
    }
  }

  static ResponseEntity<?> problem(HttpStatus status, String detail) {
    return ResponseEntity.status(status)
        .contentType(MediaType.APPLICATION_PROBLEM_JSON)
        .body(ProblemDetail.forStatusAndDetail(status, detail));
  }

  private static ProblemDetail problemDetail(HttpStatus status, String detail, String parameter) {
    ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
    problem.setProperty("parameter", parameter);
    return problem;
  }

  /** A parameter that cannot be answered; its message names it. */
  static final class BadParameter extends RuntimeException {

    private final String parameter;

    BadParameter(String parameter, String message) {
      super(message);
      this.parameter = parameter;
    }

    String parameter() {
      return parameter;
    }
  }
}
