package gg.suggestions.gateway.jda;

import gg.suggestions.gateway.command.OptionSpec;
import gg.suggestions.gateway.command.SlashCommand;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.MissingResourceException;
import java.util.ResourceBundle;
import net.dv8tion.jda.api.interactions.DiscordLocale;
import net.dv8tion.jda.api.interactions.InteractionContextType;
import net.dv8tion.jda.api.interactions.commands.OptionType;
import net.dv8tion.jda.api.interactions.commands.build.CommandData;
import net.dv8tion.jda.api.interactions.commands.build.Commands;
import net.dv8tion.jda.api.interactions.commands.build.OptionData;
import net.dv8tion.jda.api.interactions.commands.build.SlashCommandData;
import net.dv8tion.jda.api.interactions.commands.build.SubcommandData;
import net.dv8tion.jda.api.interactions.commands.build.SubcommandGroupData;
import net.dv8tion.jda.api.interactions.commands.localization.LocalizationFunction;
import net.dv8tion.jda.api.interactions.commands.localization.ResourceBundleLocalizationFunction;

/**
 * What the bot registers with Discord: every slash command (full names such as {@code user
 * blocklist add} become a command, a group and a subcommand) and the message commands, with the
 * en-GB texts of {@code i18n/commands} as defaults and every other locale's as localisations.
 */
final class Registrations {

  static final String BUNDLE = "i18n/commands";

  /** The locales the bot speaks besides en-GB, its default. */
  static final DiscordLocale[] LOCALES = {
    DiscordLocale.ENGLISH_UK,
    DiscordLocale.ENGLISH_US,
    DiscordLocale.DANISH,
    DiscordLocale.GERMAN,
    DiscordLocale.SPANISH,
    DiscordLocale.FRENCH,
    DiscordLocale.PORTUGUESE_BRAZILIAN,
    DiscordLocale.TURKISH
  };

  private Registrations() {}

  static List<CommandData> all(List<? extends SlashCommand> slash, List<String> messageCommands) {
    ResourceBundle english = ResourceBundle.getBundle(BUNDLE, Locale.ROOT);
    LocalizationFunction localised =
        ResourceBundleLocalizationFunction.fromBundles(BUNDLE, LOCALES).build();
    Map<String, SlashCommandData> tops = new LinkedHashMap<>();
    Map<String, SubcommandGroupData> groups = new LinkedHashMap<>();
    for (SlashCommand command : slash) {
      String[] path = command.name().split(" ");
      SlashCommandData top =
          tops.computeIfAbsent(
              path[0],
              name ->
                  Commands.slash(name, text(english, name + ".description"))
                      .setContexts(
                          command.guildOnly()
                              ? List.of(InteractionContextType.GUILD)
                              : List.of(
                                  InteractionContextType.GUILD, InteractionContextType.BOT_DM)));
      String key = String.join(".", path);
      List<OptionData> options = options(english, key, command.options());
      if (path.length == 1) {
        top.addOptions(options);
      } else if (path.length == 2) {
        top.addSubcommands(sub(english, key, path[1], options));
      } else {
        String groupKey = path[0] + "." + path[1];
        SubcommandGroupData group =
            groups.computeIfAbsent(
                groupKey,
                k -> {
                  var created = new SubcommandGroupData(path[1], text(english, k + ".description"));
                  top.addSubcommandGroups(created);
                  return created;
                });
        group.addSubcommands(sub(english, key, path[2], options));
      }
    }
    List<CommandData> all = new ArrayList<>(tops.values());
    for (String name : messageCommands) {
      all.add(Commands.message(name).setContexts(InteractionContextType.GUILD));
    }
    all.forEach(data -> data.setLocalizationFunction(localised));
    return all;
  }

  private static SubcommandData sub(
      ResourceBundle english, String key, String name, List<OptionData> options) {
    return new SubcommandData(name, text(english, key + ".description")).addOptions(options);
  }

  private static List<OptionData> options(
      ResourceBundle english, String key, List<OptionSpec> specs) {
    List<OptionData> options = new ArrayList<>();
    for (OptionSpec spec : specs) {
      String optionKey = key + ".options." + spec.name();
      var option =
          new OptionData(
              type(spec.type()),
              spec.name(),
              text(english, optionKey + ".description"),
              spec.required(),
              spec.autocomplete());
      for (String choice : spec.choices()) {
        option.addChoice(text(english, optionKey + ".choices." + choice + ".name"), choice);
      }
      options.add(option);
    }
    return options;
  }

  private static OptionType type(OptionSpec.Type type) {
    return OptionType.valueOf(type.name());
  }

  private static String text(ResourceBundle bundle, String key) {
    try {
      return bundle.getString(key);
    } catch (MissingResourceException e) {
      throw new IllegalStateException("The command texts lack " + key, e);
    }
  }
}
