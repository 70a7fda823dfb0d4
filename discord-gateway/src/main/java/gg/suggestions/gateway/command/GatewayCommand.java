package gg.suggestions.gateway.command;

/**
 * A slash command that changes something: how a request becomes the command-service command it
 * sends. One class per command; the router is the only JDA listener and calls {@link #toCommand}.
 */
public interface GatewayCommand extends SlashCommand {

  /**
   * The contract command this request asks for (a record of {@code contract/...}).
   *
   * @throws InvalidInput if the request cannot become a command
   */
  Object toCommand(SlashRequest request);
}
