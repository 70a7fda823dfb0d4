package gg.suggestions.gateway.command;

import gg.suggestions.eventstore.contract.guildconfig.GuildChannel;
import gg.suggestions.eventstore.contract.guildconfig.GuildToggle;
import gg.suggestions.eventstore.contract.guildconfig.SetGuildChannel;
import gg.suggestions.eventstore.contract.guildconfig.SetGuildLocale;
import gg.suggestions.eventstore.contract.guildconfig.SetGuildToggle;
import java.util.Arrays;
import java.util.Locale;
import java.util.function.Function;

/**
 * {@code /config toggle setting enabled}, {@code /config channel setting [channel]} (no channel
 * unsets it) and {@code /config locale [locale]} (none: Discord's). The command service checks
 * values; the setting names are checked here so a typo gets the list of valid ones.
 */
final class ConfigCommand implements GatewayCommand {

  private final String name;
  private final Function<SlashRequest, Object> command;

  private ConfigCommand(String name, Function<SlashRequest, Object> command) {
    this.name = name;
    this.command = command;
  }

  static java.util.List<ConfigCommand> all() {
    return java.util.List.of(
        new ConfigCommand(
            "config toggle",
            r ->
                new SetGuildToggle(
                    r.guild(),
                    setting(GuildToggle.class, r.required(Options.SETTING)),
                    Boolean.parseBoolean(r.required(Options.ENABLED)))),
        new ConfigCommand(
            "config channel",
            r ->
                new SetGuildChannel(
                    r.guild(),
                    setting(GuildChannel.class, r.required(Options.SETTING)),
                    r.option(Options.CHANNEL).orElse(null))),
        new ConfigCommand(
            "config locale",
            r -> new SetGuildLocale(r.guild(), r.option(Options.LOCALE).orElse(null))));
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public Object toCommand(SlashRequest request) {
    return command.apply(request);
  }

  private static <E extends Enum<E>> E setting(Class<E> type, String typed) {
    String name = typed.strip().toUpperCase(Locale.ROOT).replace(' ', '_');
    try {
      return Enum.valueOf(type, name);
    } catch (IllegalArgumentException e) {
      throw new InvalidInput(
          "input.unknown_setting",
          typed.strip(),
          String.join(
              ", ",
              Arrays.stream(type.getEnumConstants())
                  .map(c -> c.name().toLowerCase(Locale.ROOT))
                  .toList()));
    }
  }
}
