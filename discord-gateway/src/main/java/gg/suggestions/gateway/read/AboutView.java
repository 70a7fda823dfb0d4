package gg.suggestions.gateway.read;

import static gg.suggestions.gateway.i18n.ReplyMessages.text;

import gg.suggestions.gateway.command.SlashRequest;
import gg.suggestions.gateway.effects.MessageView;
import java.time.Duration;
import java.util.List;

/** {@code /info}, {@code /ping} and {@code /stats}: the bot itself. Also in DMs. */
final class AboutView implements ReadCommand {

  private final String name;

  private AboutView(String name) {
    this.name = name;
  }

  static List<ReadCommand> all() {
    return List.of(new AboutView("info"), new AboutView("ping"), new AboutView("stats"));
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
  public MessageView answer(SlashRequest request, Sources sources) {
    String locale = request.locale();
    BotStatus bot = sources.bot().get();
    switch (name) {
      case "info":
        return Answers.of(
            text(locale, "read.info.title"), text(locale, "read.info.text", bot.version()));
      case "ping":
        return Answers.of(
            text(locale, "read.ping.title"),
            text(locale, "read.ping.text", bot.gatewayPing(), bot.restPing()));
      default:
        return Answers.of(
            text(locale, "read.stats.title"),
            text(
                    locale,
                    "read.stats.text",
                    bot.guilds(),
                    bot.shards(),
                    uptime(bot.uptime()),
                    bot.version())
                + "\n"
                + text(locale, "read.stats.events", bot.eventsInLog()));
    }
  }

  /** Such as {@code 3d 4h 5m}. */
  static String uptime(Duration uptime) {
    return uptime.toDaysPart() + "d " + uptime.toHoursPart() + "h " + uptime.toMinutesPart() + "m";
  }
}
