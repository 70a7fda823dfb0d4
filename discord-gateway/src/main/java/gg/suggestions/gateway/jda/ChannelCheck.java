package gg.suggestions.gateway.jda;

import gg.suggestions.gateway.command.InvalidInput;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import net.dv8tion.jda.api.Permission;
import net.dv8tion.jda.api.entities.Guild;
import net.dv8tion.jda.api.entities.channel.middleman.GuildChannel;

/**
 * {@code /config channel}: before a channel is saved, the bot checks that it can do its work there,
 * and names what is missing. The suggestions channel also needs threads.
 */
final class ChannelCheck {

  private static final List<Permission> POSTING =
      List.of(Permission.VIEW_CHANNEL, Permission.MESSAGE_SEND, Permission.MESSAGE_EMBED_LINKS);

  private static final List<Permission> THREADS =
      List.of(Permission.CREATE_PUBLIC_THREADS, Permission.MESSAGE_SEND_IN_THREADS);

  private ChannelCheck() {}

  /**
   * What the bot needs in the channel for {@code setting} ({@code suggestions}, {@code log}, ...).
   */
  static EnumSet<Permission> needed(String setting) {
    EnumSet<Permission> needed = EnumSet.copyOf(POSTING);
    if ("suggestions".equals(setting.strip().toLowerCase(Locale.ROOT))) {
      needed.addAll(THREADS);
    }
    return needed;
  }

  /**
   * @throws InvalidInput if the bot cannot see the channel or lacks a permission there
   */
  static void check(Guild guild, String setting, String channelId) {
    GuildChannel channel = guild.getGuildChannelById(channelId);
    if (channel == null) {
      throw new InvalidInput("input.unknown_channel");
    }
    EnumSet<Permission> missing = needed(setting);
    missing.removeAll(guild.getSelfMember().getPermissions(channel));
    if (!missing.isEmpty()) {
      throw new InvalidInput(
          "input.missing_permissions",
          channel.getAsMention(),
          String.join(", ", missing.stream().map(Permission::getName).toList()));
    }
  }
}
