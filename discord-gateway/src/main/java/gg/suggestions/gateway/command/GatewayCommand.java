package gg.suggestions.gateway.command;

/**
 * One slash command: its name and how a request becomes the command-service command it sends. One
 * class per command; the router is the only JDA listener and calls {@link #toCommand}.
 */
public interface GatewayCommand {

  /** The full name, such as {@code suggest} or {@code notes add}; unique among all commands. */
  String name();

  /**
   * The contract command this request asks for (a record of {@code contract/...}).
   *
   * @throws InvalidInput if the request cannot become a command
   */
  Object toCommand(SlashRequest request);

  /** The options Discord shows, in order; none by default. */
  default java.util.List<OptionSpec> options() {
    return java.util.List.of();
  }

  /** Whether Discord offers the command in DMs with the bot too; only personal settings are. */
  default boolean guildOnly() {
    return true;
  }
}
