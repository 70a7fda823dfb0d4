package gg.suggestions.query.projection.guildconfig;

import gg.suggestions.eventstore.contract.guildconfig.GuildChannel;
import gg.suggestions.eventstore.contract.guildconfig.GuildChannelSet;
import gg.suggestions.eventstore.contract.guildconfig.GuildLocaleSet;
import gg.suggestions.eventstore.contract.guildconfig.GuildToggle;
import gg.suggestions.eventstore.contract.guildconfig.GuildToggleSet;
import gg.suggestions.eventstore.contract.guildconfig.MemberBlocked;
import gg.suggestions.eventstore.contract.guildconfig.MemberUnblocked;
import gg.suggestions.eventstore.contract.guildconfig.StaffRolesSet;
import gg.suggestions.eventstore.contract.guildconfig.SuggestionLimitSet;
import gg.suggestions.query.projection.guildconfig.GuildConfigRow.Limit;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/** The pure transitions of the guild configs projection, shared by the live handler and rebuild. */
public final class GuildConfigTransitions {

  private GuildConfigTransitions() {}

  /** The row after {@code event}, at {@code sequence}; events it does not show change nothing. */
  public static GuildConfigRow apply(GuildConfigRow row, Object event, long sequence) {
    var channels = new EnumMap<GuildChannel, String>(GuildChannel.class);
    channels.putAll(row.channels());
    Map<GuildToggle, Boolean> toggles = new EnumMap<>(row.toggles());
    var staffRoles = row.staffRoleIds();
    String locale = row.locale();
    Limit limit = row.limit();
    Set<String> blocked = new HashSet<>(row.blockedUserIds());
    if (event instanceof GuildChannelSet e) {
      if (e.channelId() == null) {
        channels.remove(e.channel());
      } else {
        channels.put(e.channel(), e.channelId());
      }
    } else if (event instanceof GuildToggleSet e) {
      toggles.put(e.toggle(), e.enabled());
    } else if (event instanceof StaffRolesSet e) {
      staffRoles = e.roleIds();
    } else if (event instanceof GuildLocaleSet e) {
      locale = e.locale();
    } else if (event instanceof SuggestionLimitSet e) {
      limit = new Limit(e.amount(), e.period());
    } else if (event instanceof MemberBlocked e) {
      blocked.add(e.userId());
    } else if (event instanceof MemberUnblocked e) {
      blocked.remove(e.userId());
    }
    return new GuildConfigRow(
        row.guildId(), channels, toggles, staffRoles, locale, limit, blocked, sequence);
  }
}
