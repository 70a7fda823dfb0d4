package gg.suggestions.eventstore.contract.guildconfig;

import org.axonframework.serialization.Revision;

/**
 * One of the guild's on/off settings changed.
 *
 * @param guildId the guild
 * @param toggle which setting
 * @param enabled its new value
 */
@Revision("1")
public record GuildToggleSet(String guildId, GuildToggle toggle, boolean enabled) {}
