package gg.suggestions.gateway.command;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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

  /**
   * {@code commands} by name, in their order.
   *
   * @throws IllegalStateException if two commands share a name
   */
  static <T extends SlashCommand> Map<String, T> byName(List<T> commands) {
    Map<String, T> byName = new LinkedHashMap<>();
    for (T command : commands) {
      if (byName.putIfAbsent(command.name(), command) != null) {
        throw new IllegalStateException("Two commands are named '" + command.name() + "'");
      }
    }
    return byName;
  }

  /** Whether Discord offers the command in DMs with the bot too; only personal settings are. */
  default boolean guildOnly() {
    return true;
  }
}
