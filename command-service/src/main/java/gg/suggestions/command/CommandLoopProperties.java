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
 * @param groupProtocol how the command group assigns partitions ({@code
 *     SUGGESTIONS_COMMAND_GROUP_PROTOCOL}): {@code classic} or {@code consumer} (KIP-848)
 * @param instanceId a name that stays this node's across restarts, for static membership ({@code
 *     SUGGESTIONS_COMMAND_INSTANCE_ID}, e.g. a StatefulSet pod's name); unset for none
 */
@ConfigurationProperties("suggestions.command")
public record CommandLoopProperties(
    @DefaultValue("" + CommandNode.DEFAULT_MAX_BATCH) int maxBatch,
    @DefaultValue("consumer") String groupProtocol,
    String instanceId) {

  public CommandLoopProperties {
    if (maxBatch < 1 || maxBatch > 10_000) {
      throw new IllegalArgumentException(
          "SUGGESTIONS_COMMAND_MAX_BATCH must be between 1 and 10000, not " + maxBatch);
    }
    if (!groupProtocol.equals("classic") && !groupProtocol.equals("consumer")) {
      throw new IllegalArgumentException(
          "SUGGESTIONS_COMMAND_GROUP_PROTOCOL must be classic or consumer, not " + groupProtocol);
    }
  }

  /** How the node joins the command group. */
  public CommandNode.Membership membership() {
    return new CommandNode.Membership(groupProtocol, instanceId);
  }
}
