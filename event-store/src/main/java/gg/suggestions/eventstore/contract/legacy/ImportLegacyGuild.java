package gg.suggestions.eventstore.contract.legacy;

import gg.suggestions.eventstore.contract.guildconfig.GuildChannel;
import gg.suggestions.eventstore.contract.guildconfig.GuildToggle;
import java.util.List;
import java.util.Map;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Opens a guild for the import of the old bot's data, with the old bot's settings of it. Refused
 * when the guild already has history here, unless {@code merge}: then its own settings stay and
 * only the blocklist is joined. Sent again, it only adds blocked members not yet blocked (a
 * blocklist longer than one command's list goes in several).
 *
 * @param channels the old bot's channels, by setting
 * @param toggles the old bot's on/off settings, by setting
 * @param blockedUserIds members on the old bot's blocklist
 */
public record ImportLegacyGuild(
    @TargetAggregateIdentifier String guildId,
    Map<GuildChannel, String> channels,
    Map<GuildToggle, Boolean> toggles,
    List<String> blockedUserIds,
    boolean merge) {}
