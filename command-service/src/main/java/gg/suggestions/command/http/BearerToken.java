package gg.suggestions.command.http;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/** Checks an {@code Authorization} header against the configured token in constant time. */
final class BearerToken {

  private static final String PREFIX = "Bearer ";

  private final byte[] expected;

  /**
   * @param token the configured token, or {@code null} when none is: then nothing is authorised
   */
  BearerToken(String token) {
    this.expected = token == null ? null : token.getBytes(StandardCharsets.UTF_8);
  }

  boolean isConfigured() {
    return expected != null;
  }

  boolean authorises(String authorizationHeader) {
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
