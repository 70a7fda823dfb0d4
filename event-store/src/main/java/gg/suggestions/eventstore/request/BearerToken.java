package gg.suggestions.eventstore.request;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/** Checks an {@code Authorization} header against the configured token in constant time. */
public final class BearerToken {

  private static final String PREFIX = "Bearer ";

  private final byte[] expected;

  /**
   * @param token the configured token, or {@code null} when none is: then nothing is authorised
   */
  public BearerToken(String token) {
    this.expected = token == null ? null : token.getBytes(StandardCharsets.UTF_8);
  }

  /** Shorter tokens are guessable; a server refuses to start with one. */
  public static final int MIN_LENGTH = 24;

  /**
   * The configured token, as the server uses it: blank means none.
   *
   * @throws IllegalArgumentException if it is shorter than {@value #MIN_LENGTH} characters; the
   *     message says how long it is, never what it is
   */
  public static String checked(String token) {
    if (token == null || token.isBlank()) {
      return null;
    }
    if (token.length() < MIN_LENGTH) {
      throw new IllegalArgumentException(
          "SUGGESTIONS_API_TOKEN must be at least "
              + MIN_LENGTH
              + " characters (it has "
              + token.length()
              + "); generate one with: openssl rand -hex 32");
    }
    return token;
  }

  public boolean isConfigured() {
    return expected != null;
  }

  public boolean authorises(String authorizationHeader) {
    if (expected == null
        || authorizationHeader == null
        || !authorizationHeader.regionMatches(true, 0, PREFIX, 0, PREFIX.length())) {
      return false;
    }
    byte[] given =
        authorizationHeader.substring(PREFIX.length()).trim().getBytes(StandardCharsets.UTF_8);
    return MessageDigest.isEqual(expected, given);
  }
}
