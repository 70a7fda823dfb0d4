package gg.suggestions.gateway.read;

import static gg.suggestions.gateway.i18n.ReplyMessages.text;

import gg.suggestions.eventstore.contract.guildconfig.GuildChannel;
import gg.suggestions.eventstore.contract.guildconfig.GuildToggle;
import gg.suggestions.gateway.command.InvalidInput;
import gg.suggestions.gateway.command.OptionSpec;
import gg.suggestions.gateway.command.Options;
import gg.suggestions.gateway.command.SlashRequest;
import gg.suggestions.gateway.effects.MessageView;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.BiFunction;

/**
 * The settings views: {@code /config get [setting]}, {@code /user blocklist list}, {@code /dm view}
 * and {@code /user_config ping_on_thread_creation view}.
 */
final class SettingsView implements ReadCommand {

  private final String name;
  private final List<OptionSpec> options;
  private final boolean guildOnly;
  private final BiFunction<SlashRequest, QueryApi, MessageView> answer;

  private SettingsView(
      String name,
      List<OptionSpec> options,
      boolean guildOnly,
      BiFunction<SlashRequest, QueryApi, MessageView> answer) {
    this.name = name;
    this.options = options;
    this.guildOnly = guildOnly;
    this.answer = answer;
  }

  static List<ReadCommand> all() {
    return List.of(
        new SettingsView(
            "config get",
            List.of(OptionSpec.optional(Options.SETTING, OptionSpec.Type.STRING)),
            true,
            SettingsView::config),
        new SettingsView("user blocklist list", List.of(), true, SettingsView::blocklist),
        new SettingsView(
            "dm view",
            List.of(),
            false,
            (r, q) -> personal(r, q.user(r.actor().userId()).directMessages(), "read.dm")),
        new SettingsView(
            "user_config ping_on_thread_creation view",
            List.of(),
            false,
            (r, q) -> personal(r, q.user(r.actor().userId()).threadPings(), "read.pings")));
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
  public boolean guildOnly() {
    return guildOnly;
  }

  @Override
  public MessageView answer(SlashRequest request, Sources sources) {
    return answer.apply(request, sources.query());
  }

  /** Every setting, one per line, or only the one asked for. */
  static MessageView config(SlashRequest request, QueryApi query) {
    String locale = request.locale();
    Views.GuildSettings settings = query.guild(request.guild());
    Map<String, String> lines = new LinkedHashMap<>();
    for (GuildChannel channel : GuildChannel.values()) {
      String id = settings.channel(channel);
      lines.put(key(channel), id == null ? text(locale, "read.config.unset") : "<#" + id + ">");
    }
    for (GuildToggle toggle : GuildToggle.values()) {
      lines.put(
          key(toggle), text(locale, settings.on(toggle) ? "read.config.on" : "read.config.off"));
    }
    lines.put(
        "locale",
        settings.locale() != null
            ? settings.locale()
            : text(locale, "read.config.locale_discord", request.guildLocale()));
    lines.put(
        "staff_roles",
        settings.staffRoleIds() == null || settings.staffRoleIds().isEmpty()
            ? text(locale, "read.config.none")
            : String.join(
                " ", settings.staffRoleIds().stream().map(r -> "<@&" + r + ">").toList()));
    if (settings.limit() != null) {
      lines.put(
          "limit",
          text(
              locale,
              "read.config.limit_value",
              settings.limit().amount(),
              settings.limit().period().toSeconds()));
    }
    String only =
        request.option(Options.SETTING).map(s -> s.strip().toLowerCase(Locale.ROOT)).orElse(null);
    if (only != null && !lines.containsKey(only)) {
      throw new InvalidInput("input.unknown_setting", only, String.join(", ", lines.keySet()));
    }
    List<String> shown = new ArrayList<>();
    lines.forEach(
        (setting, value) -> {
          if (only == null || only.equals(setting)) {
            shown.add("**" + setting + "**: " + value);
          }
        });
    return Answers.of(text(locale, "read.config.title"), String.join("\n", shown));
  }

  static MessageView blocklist(SlashRequest request, QueryApi query) {
    var blocked = query.guild(request.guild()).blockedUserIds();
    String locale = request.locale();
    String text =
        blocked == null || blocked.isEmpty()
            ? text(locale, "read.blocklist.empty")
            : String.join("\n", new TreeSet<>(blocked).stream().map(u -> "<@" + u + ">").toList());
    return Answers.of(text(locale, "read.blocklist.title"), text);
  }

  private static MessageView personal(SlashRequest request, boolean on, String key) {
    return Answers.of(
        text(request.locale(), "reply.done.title"),
        text(request.locale(), key + (on ? ".on" : ".off")));
  }

  private static String key(Enum<?> setting) {
    return setting.name().toLowerCase(Locale.ROOT);
  }
}
