package gg.suggestions.eventstore.contract;

import gg.suggestions.eventstore.contract.guildconfig.GuildChannelSet;
import gg.suggestions.eventstore.contract.guildconfig.GuildLocaleSet;
import gg.suggestions.eventstore.contract.guildconfig.GuildToggleSet;
import gg.suggestions.eventstore.contract.guildconfig.SetGuildChannel;
import gg.suggestions.eventstore.contract.guildconfig.SetGuildLocale;
import gg.suggestions.eventstore.contract.guildconfig.SetGuildToggle;
import gg.suggestions.eventstore.contract.guildconfig.SetStaffRoles;
import gg.suggestions.eventstore.contract.guildconfig.SetSuggestionLimit;
import gg.suggestions.eventstore.contract.guildconfig.StaffRolesSet;
import gg.suggestions.eventstore.contract.guildconfig.SuggestionLimitSet;
import java.util.List;

/**
 * Every published event and command type. A test fails when an event record is missing from the
 * events.
 */
public final class Contracts {

  private Contracts() {}

  public static List<Class<?>> events() {
    return List.of(
        GuildChannelSet.class,
        GuildToggleSet.class,
        StaffRolesSet.class,
        GuildLocaleSet.class,
        SuggestionLimitSet.class);
  }

  /** Every command the command service accepts on its topic, by logical type. */
  public static List<Class<?>> commands() {
    return List.of(
        SetGuildChannel.class,
        SetGuildToggle.class,
        SetStaffRoles.class,
        SetGuildLocale.class,
        SetSuggestionLimit.class);
  }
}
