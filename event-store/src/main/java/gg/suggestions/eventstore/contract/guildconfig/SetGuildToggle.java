package gg.suggestions.eventstore.contract.guildconfig;

import gg.suggestions.eventstore.contract.ModeratorCommand;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Turns one of the guild's on/off settings on or off (moderator).
 *
 * @param guildId the guild
 * @param toggle which setting
 * @param enabled its new value
 */
public record SetGuildToggle(
    @TargetAggregateIdentifier String guildId, GuildToggle toggle, boolean enabled)
    implements ModeratorCommand {}
