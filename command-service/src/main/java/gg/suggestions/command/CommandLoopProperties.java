package gg.suggestions.command;

import gg.suggestions.command.loop.CommandNode;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the command loop ({@code suggestions.command.*}).
 *
 * @param maxBatch the most commands one Kafka transaction carries ({@code
 *     SUGGESTIONS_COMMAND_MAX_BATCH}); 1 commits every command on its own, larger batches trade a
 *     little latency for far fewer commits
 */
@ConfigurationProperties("suggestions.command")
public record CommandLoopProperties(
    @DefaultValue("" + CommandNode.DEFAULT_MAX_BATCH) int maxBatch) {

  public CommandLoopProperties {
    if (maxBatch < 1 || maxBatch > 10_000) {
      throw new IllegalArgumentException(
          "SUGGESTIONS_COMMAND_MAX_BATCH must be between 1 and 10000, not " + maxBatch);
    }
  }
}
