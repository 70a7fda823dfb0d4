package gg.suggestions.eventstore.contract.guildconfig;

import gg.suggestions.eventstore.contract.ModeratorCommand;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Sets or unsets one of the guild's channels (moderator).
 *
 * @param guildId the guild
 * @param channel which channel setting
 * @param channelId the Discord channel id, or {@code null} to unset it
 */
public record SetGuildChannel(
    @TargetAggregateIdentifier String guildId, GuildChannel channel, String channelId)
    implements ModeratorCommand {}
