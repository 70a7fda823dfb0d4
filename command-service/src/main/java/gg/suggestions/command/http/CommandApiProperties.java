package gg.suggestions.command.http;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the HTTP APIs ({@code suggestions.api.*}).
 *
 * @param token the bearer token every request must carry, from {@code SUGGESTIONS_API_TOKEN}; when
 *     unset the command endpoint refuses every request. Never logged.
 * @param replyTimeout how long {@code POST /commands} waits for the command's decision
 */
@ConfigurationProperties("suggestions.api")
public record CommandApiProperties(String token, @DefaultValue("10s") Duration replyTimeout) {

  /** Shorter tokens are guessable; refuse to start with one. */
  static final int MIN_TOKEN_LENGTH = 24;

  public CommandApiProperties {
    if (token != null && token.isBlank()) {
      token = null;
    }
    if (token != null && token.length() < MIN_TOKEN_LENGTH) {
      throw new IllegalArgumentException(
          "SUGGESTIONS_API_TOKEN must be at least "
              + MIN_TOKEN_LENGTH
              + " characters (it has "
              + token.length()
              + "); generate one with: openssl rand -hex 32");
    }
    if (replyTimeout.isNegative() || replyTimeout.isZero()) {
      throw new IllegalArgumentException("suggestions.api.reply-timeout must be positive");
    }
  }

  @Override
  public String toString() {
    return "CommandApiProperties[token="
        + (token == null ? "unset" : "***")
        + ", replyTimeout="
        + replyTimeout
        + "]";
  }
}
