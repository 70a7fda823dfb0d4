package gg.suggestions.query.projection.guildconfig;

import gg.suggestions.eventstore.contract.guildconfig.GuildChannel;
import gg.suggestions.eventstore.contract.guildconfig.GuildToggle;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * One guild's configuration as the read side shows it: every setting with its default filled in.
 * Immutable; {@link GuildConfigTransitions} makes the next one.
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

  /** The blocked members in id order, as {@code /user blocklist list} shows them. */
  public List<String> blocklist() {
    return List.copyOf(new TreeSet<>(blockedUserIds));
  }
}
