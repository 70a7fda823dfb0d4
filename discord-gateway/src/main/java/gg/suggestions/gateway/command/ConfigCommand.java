package gg.suggestions.gateway.command;

import gg.suggestions.eventstore.contract.guildconfig.GuildChannel;
import gg.suggestions.eventstore.contract.guildconfig.GuildToggle;
import gg.suggestions.eventstore.contract.guildconfig.SetGuildChannel;
import gg.suggestions.eventstore.contract.guildconfig.SetGuildLocale;
import gg.suggestions.eventstore.contract.guildconfig.SetGuildToggle;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * {@code /config toggle setting enabled}, {@code /config channel setting [channel]} (no channel
 * unsets it) and {@code /config locale [locale]} (none: Discord's). The command service checks
 * values; the setting names are checked here so a typo gets the list of valid ones.
 */
final class ConfigCommand implements GatewayCommand {

  private final String name;
  private final List<OptionSpec> options;
  private final Function<SlashRequest, Object> command;

  private ConfigCommand(
      String name, List<OptionSpec> options, Function<SlashRequest, Object> command) {
    this.name = name;
    this.options = options;
    this.command = command;
  }

  private static List<String> choices(Class<? extends Enum<?>> type) {
    return Arrays.stream(type.getEnumConstants())
        .map(c -> c.name().toLowerCase(Locale.ROOT))
        .toList();
  }

  static List<ConfigCommand> all() {
    return List.of(
        new ConfigCommand(
            "config toggle",
            List.of(
                OptionSpec.choice(Options.SETTING, choices(GuildToggle.class)),
                OptionSpec.required(Options.ENABLED, OptionSpec.Type.BOOLEAN)),
            r ->
                new SetGuildToggle(
                    r.guild(),
                    setting(GuildToggle.class, r.required(Options.SETTING)),
                    Boolean.parseBoolean(r.required(Options.ENABLED)))),
        new ConfigCommand(
            "config channel",
            List.of(
                OptionSpec.choice(Options.SETTING, choices(GuildChannel.class)),
                OptionSpec.optional(Options.CHANNEL, OptionSpec.Type.CHANNEL)),
            r ->
                new SetGuildChannel(
                    r.guild(),
                    setting(GuildChannel.class, r.required(Options.SETTING)),
                    r.option(Options.CHANNEL).orElse(null))),
        new ConfigCommand(
            "config locale",
            List.of(OptionSpec.optional(Options.LOCALE, OptionSpec.Type.STRING)),
            r -> new SetGuildLocale(r.guild(), r.option(Options.LOCALE).orElse(null))));
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public List<OptionSpec> options() {
    return options;
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
