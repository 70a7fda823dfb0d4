package gg.suggestions.gateway.command;

import java.util.List;

/**
 * A slash command as Discord registers it: its full name and options. Commands that change
 * something are {@link GatewayCommand}s; commands that only show something are answered from the
 * query API.
 */
public interface SlashCommand {

  /** The full name, such as {@code suggest} or {@code notes add}; unique among all commands. */
  String name();

  /** The options Discord shows, in order; none by default. */
  default List<OptionSpec> options() {
    return List.of();
  }

  /** Whether Discord offers the command in DMs with the bot too; only personal settings are. */
  default boolean guildOnly() {
    return true;
  }
}
