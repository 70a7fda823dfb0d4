package gg.suggestions.command.http;

import gg.suggestions.eventstore.request.BearerToken;
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

  public CommandApiProperties {
    token = BearerToken.checked(token);
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
