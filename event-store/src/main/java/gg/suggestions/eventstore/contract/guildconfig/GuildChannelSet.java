package gg.suggestions.eventstore.contract.guildconfig;

import org.axonframework.serialization.Revision;

/**
 * One of the guild's channels was set or unset.
 *
 * @param guildId the guild
 * @param channel which channel setting
 * @param channelId the Discord channel id, or {@code null} when unset
 */
@Revision("1")
public record GuildChannelSet(String guildId, GuildChannel channel, String channelId) {}
