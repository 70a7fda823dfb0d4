package gg.suggestions.query.console;

import gg.suggestions.eventstore.request.BearerToken;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The console's sign-in: an operator proves they hold the API token once, and gets a cookie that
 * says so for {@link #LIFETIME}: the time it was issued and an HMAC of it keyed by the token. The
 * cookie never holds the token, changing the token signs everyone out, and nothing is stored on the
 * server.
 */
final class ConsoleSession {

  static final String COOKIE = "suggestions_console";
  static final Duration LIFETIME = Duration.ofHours(12);

  private final byte[] key;
  private final BearerToken bearer;
  private final Clock clock;

  /**
   * @param token the API token, or null: then nobody can sign in
   */
  ConsoleSession(String token, Clock clock) {
    this.key = token == null ? null : token.getBytes(StandardCharsets.UTF_8);
    this.bearer = new BearerToken(token);
    this.clock = clock;
  }

  boolean isEnabled() {
    return key != null;
  }

  /** Whether {@code given} is the token, compared in constant time. */
  boolean isToken(String given) {
    return given != null && bearer.authorises("Bearer " + given.strip());
  }

  /** A new cookie value for a signed-in operator. */
  String issue() {
    String issued = Long.toString(clock.instant().getEpochSecond());
    return issued + "." + mac(issued);
  }

  /** Whether {@code cookie} was issued by {@link #issue} with this token, and is not too old. */
  boolean isValid(String cookie) {
    if (key == null || cookie == null || cookie.length() > 200) {
      return false;
    }
    int dot = cookie.indexOf('.');
    if (dot <= 0) {
      return false;
    }
    String issued = cookie.substring(0, dot);
    long seconds;
    try {
      seconds = Long.parseLong(issued);
    } catch (NumberFormatException e) {
      return false;
    }
    Instant at = Instant.ofEpochSecond(Math.max(0, seconds));
    Instant now = clock.instant();
    if (at.isAfter(now.plusSeconds(60)) || at.plus(LIFETIME).isBefore(now)) {
      return false;
    }
    return MessageDigest.isEqual(
        mac(issued).getBytes(StandardCharsets.US_ASCII),
        cookie.substring(dot + 1).getBytes(StandardCharsets.US_ASCII));
  }

  private String mac(String issued) {
    try {
      Mac hmac = Mac.getInstance("HmacSHA256");
      hmac.init(new SecretKeySpec(key, "HmacSHA256"));
      byte[] tag = hmac.doFinal(("suggestions-console:" + issued).getBytes(StandardCharsets.UTF_8));
      return Base64.getUrlEncoder().withoutPadding().encodeToString(tag);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
    }
  }
}
