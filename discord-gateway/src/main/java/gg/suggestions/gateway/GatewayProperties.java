package gg.suggestions.gateway;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the Discord gateway ({@code suggestions.discord.*}).
 *
 * @param token the bot token, from {@code DISCORD_TOKEN}; without it the gateway does not start.
 *     Never logged.
 * @param restBaseUrl Discord's REST API, such as {@code https://discord.com/api/v10/}; tests point
 *     it at a local fake Discord. Unset: Discord's.
 * @param gatewayUrl Discord's gateway websocket, such as {@code wss://gateway.discord.gg/}; tests
 *     point it at a local fake Discord. Unset: Discord's.
 * @param shards how many shards; -1 takes Discord's recommendation
 * @param queryUrl the query API; unset: this process's own HTTP port
 * @param replyTimeout how long an interaction waits for its command's decision
 * @param editInterval the least time between two edits of one suggestion's message
 * @param commandInterval the least time between two commands of one member (suggestions have the
 *     guild's cooldown instead); 0 paces nothing
 * @param effectsGroup the effects consumer's group: one per deployment, never shared with analytics
 * @param registerCommands whether to register the commands with Discord at start-up
 */
@ConfigurationProperties("suggestions.discord")
public record GatewayProperties(
    String token,
    String restBaseUrl,
    String gatewayUrl,
    @DefaultValue("-1") int shards,
    String queryUrl,
    @DefaultValue("10s") Duration replyTimeout,
    @DefaultValue("3s") Duration editInterval,
    @DefaultValue("1s") Duration commandInterval,
    @DefaultValue("suggestions-discord-effects") String effectsGroup,
    @DefaultValue("true") boolean registerCommands) {

  public GatewayProperties {
    token = token == null || token.isBlank() ? null : token.strip();
    if (shards == 0 || shards < -1) {
      throw new IllegalArgumentException(
          "suggestions.discord.shards must be -1 (Discord's recommendation) or at least 1");
    }
    if (replyTimeout.isNegative() || replyTimeout.isZero()) {
      throw new IllegalArgumentException("suggestions.discord.reply-timeout must be positive");
    }
    if (commandInterval.isNegative()) {
      throw new IllegalArgumentException(
          "suggestions.discord.command-interval must not be negative");
    }
    if (editInterval.isNegative()) {
      throw new IllegalArgumentException("suggestions.discord.edit-interval must not be negative");
    }
  }

  public boolean enabled() {
    return token != null;
  }

  @Override
  public String toString() {
    return "GatewayProperties[token="
        + (token == null ? "unset" : "***")
        + ", restBaseUrl="
        + restBaseUrl
        + ", gatewayUrl="
        + gatewayUrl
        + ", shards="
        + shards
        + ", queryUrl="
        + queryUrl
        + "]";
  }
}
