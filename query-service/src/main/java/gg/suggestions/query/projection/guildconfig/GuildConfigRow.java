package gg.suggestions.query.projection.guildconfig;

import gg.suggestions.eventstore.contract.guildconfig.GuildChannel;
import gg.suggestions.eventstore.contract.guildconfig.GuildToggle;
import java.time.Duration;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * One guild's configuration as the read side shows it: every setting with its default filled in.
 * Immutable; {@link GuildConfigProjection} makes the next one with its {@code with} methods.
 *
 * @param locale the guild's locale override, or {@code null} for Discord's
 * @param limit the suggestion limit: amount per period
 * @param lastSequence the aggregate sequence of the last event applied
 */
public record GuildConfigRow(
    String guildId,
    Map<GuildChannel, String> channels,
    Map<GuildToggle, Boolean> toggles,
    List<String> staffRoleIds,
    String locale,
    Limit limit,
    Set<String> blockedUserIds,
    long lastSequence) {

  /** One suggestion per member every 3 seconds, unless the guild sets its own. */
  public record Limit(int amount, Duration period) {
    static final Limit DEFAULT = new Limit(1, Duration.ofSeconds(3));
  }

  public GuildConfigRow {
    channels = Map.copyOf(channels);
    Map<GuildToggle, Boolean> all = new EnumMap<>(GuildToggle.class);
    for (GuildToggle toggle : GuildToggle.values()) {
      all.put(toggle, toggles.getOrDefault(toggle, toggle.defaultValue()));
    }
    toggles = Map.copyOf(all);
    staffRoleIds = List.copyOf(staffRoleIds);
    blockedUserIds = Set.copyOf(blockedUserIds);
  }

  /** The settings of a guild nobody has configured. */
  public static GuildConfigRow unconfigured(String guildId) {
    return new GuildConfigRow(
        guildId, Map.of(), Map.of(), List.of(), null, Limit.DEFAULT, Set.of(), -1);
  }

  GuildConfigRow withChannel(GuildChannel channel, String channelId) {
    var next = new EnumMap<GuildChannel, String>(GuildChannel.class);
    next.putAll(channels);
    if (channelId == null) {
      next.remove(channel);
    } else {
      next.put(channel, channelId);
    }
    return new GuildConfigRow(
        guildId, next, toggles, staffRoleIds, locale, limit, blockedUserIds, lastSequence);
  }

  GuildConfigRow withToggle(GuildToggle toggle, boolean enabled) {
    Map<GuildToggle, Boolean> next = new EnumMap<>(toggles);
    next.put(toggle, enabled);
    return new GuildConfigRow(
        guildId, channels, next, staffRoleIds, locale, limit, blockedUserIds, lastSequence);
  }

  GuildConfigRow withStaffRoles(List<String> roleIds) {
    return new GuildConfigRow(
        guildId, channels, toggles, roleIds, locale, limit, blockedUserIds, lastSequence);
  }

  GuildConfigRow withLocale(String locale) {
    return new GuildConfigRow(
        guildId, channels, toggles, staffRoleIds, locale, limit, blockedUserIds, lastSequence);
  }

  GuildConfigRow withLimit(Limit limit) {
    return new GuildConfigRow(
        guildId, channels, toggles, staffRoleIds, locale, limit, blockedUserIds, lastSequence);
  }

  /** The row with the member on the blocklist, or off it. */
  GuildConfigRow withBlocked(String userId, boolean blocked) {
    Set<String> next = new HashSet<>(blockedUserIds);
    if (blocked) {
      next.add(userId);
    } else {
      next.remove(userId);
    }
    return new GuildConfigRow(
        guildId, channels, toggles, staffRoleIds, locale, limit, next, lastSequence);
  }

  GuildConfigRow at(long sequence) {
    return new GuildConfigRow(
        guildId, channels, toggles, staffRoleIds, locale, limit, blockedUserIds, sequence);
  }

  /** The blocked members in id order, as {@code /user blocklist list} shows them. */
  public List<String> blocklist() {
    return List.copyOf(new TreeSet<>(blockedUserIds));
  }
}
