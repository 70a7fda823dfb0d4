package gg.suggestions.gateway.command;

import gg.suggestions.eventstore.contract.userconfig.SetDirectMessages;
import gg.suggestions.eventstore.contract.userconfig.SetThreadPings;
import java.util.List;
import java.util.function.BiFunction;

/**
 * {@code /dm enable|disable} and {@code /user_config ping_on_thread_creation enable|disable}: the
 * member's own global settings, also from a DM; always the invoking member's, never another's.
 */
final class PersonalSettingCommand implements GatewayCommand {

  private final String name;
  private final BiFunction<String, Boolean, Object> command;
  private final boolean enabled;

  private PersonalSettingCommand(
      String name, BiFunction<String, Boolean, Object> command, boolean enabled) {
    this.name = name;
    this.command = command;
    this.enabled = enabled;
  }

  static List<PersonalSettingCommand> all() {
    return List.of(
        new PersonalSettingCommand("dm enable", SetDirectMessages::new, true),
        new PersonalSettingCommand("dm disable", SetDirectMessages::new, false),
        new PersonalSettingCommand(
            "user_config ping_on_thread_creation enable", SetThreadPings::new, true),
        new PersonalSettingCommand(
            "user_config ping_on_thread_creation disable", SetThreadPings::new, false));
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public boolean guildOnly() {
    return false;
  }

  @Override
  public Object toCommand(SlashRequest request) {
    return command.apply(request.actor().userId(), enabled);
  }
}
