package gg.suggestions.eventstore.contract;

import gg.suggestions.eventstore.contract.guildconfig.GuildChannelSet;
import gg.suggestions.eventstore.contract.guildconfig.GuildLocaleSet;
import gg.suggestions.eventstore.contract.guildconfig.GuildToggleSet;
import gg.suggestions.eventstore.contract.guildconfig.StaffRolesSet;
import gg.suggestions.eventstore.contract.guildconfig.SuggestionLimitSet;
import java.util.List;

/** Every published event type. A test fails when an event record is missing from this list. */
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
}
