package gg.suggestions.query.api;

import gg.suggestions.eventstore.request.BearerToken;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import java.util.regex.Pattern;
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

  static final int MAX_PAGE_SIZE = 100;
  static final Duration MAX_WAIT = Duration.ofSeconds(30);
  private static final Duration POLL = Duration.ofMillis(25);
  private static final Pattern SNOWFLAKE = Pattern.compile("[0-9]{15,21}");
  private static final Pattern SHORT_ID = Pattern.compile("[a-z0-9]{8}");

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
              ProblemDetail.forStatusAndDetail(
                  HttpStatus.UNAUTHORIZED, "A valid bearer token is required."));
    }
    try {
      return query.get();
    } catch (BadParameter e) {
      return problem(HttpStatus.BAD_REQUEST, e.getMessage());
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
      throw new BadParameter("atLeast must be a sequence: 0 or more.");
    }
    if (waitMillis < 0 || waitMillis > MAX_WAIT.toMillis()) {
      throw new BadParameter("waitMillis must be 0 to " + MAX_WAIT.toMillis() + ".");
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
    if (!SNOWFLAKE.matcher(value).matches()) {
      throw new BadParameter(name + " must be a Discord id (15 to 21 digits).");
    }
    return value;
  }

  static String shortId(String name, String value) {
    if (!SHORT_ID.matcher(value).matches()) {
      throw new BadParameter(name + " must be 8 characters of a-z and 0-9.");
    }
    return value;
  }

  static void page(int page, int size) {
    if (page < 0) {
      throw new BadParameter("page must be 0 or more.");
    }
    if (size < 1 || size > MAX_PAGE_SIZE) {
      throw new BadParameter("size must be 1 to " + MAX_PAGE_SIZE + ".");
    }
  }

  static <E extends Enum<E>> E oneOf(Class<E> type, String name, String value) {
    try {
      return Enum.valueOf(type, value.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      String allowed = List.of(type.getEnumConstants()).toString().toLowerCase(Locale.ROOT);
      throw new BadParameter(name + " must be one of " + allowed + ".");
    }
  }

  static ResponseEntity<?> problem(HttpStatus status, String detail) {
    return ResponseEntity.status(status)
        .contentType(MediaType.APPLICATION_PROBLEM_JSON)
        .body(ProblemDetail.forStatusAndDetail(status, detail));
  }

  /** A parameter that cannot be answered; its message names it. */
  static final class BadParameter extends RuntimeException {
    BadParameter(String message) {
      super(message);
    }
  }
}
