package gg.suggestions.eventstore.contract.guildconfig;

import org.axonframework.serialization.Revision;

/**
 * The guild's locale override changed.
 *
 * @param guildId the guild
 * @param locale the override, or {@code null} to follow Discord's guild locale
 */
@Revision("1")
public record GuildLocaleSet(String guildId, String locale) {}
