package gg.suggestions.eventstore.contract.guildconfig;

import gg.suggestions.eventstore.contract.ModeratorCommand;

/**
 * Puts a member on the guild's blocklist (moderator): they can no longer submit suggestions there.
 * Name the member by {@code userId}, or by {@code suggestionId} to block that suggestion's author.
 *
 * @param guildId the guild
 * @param userId the member, or {@code null} when named by a suggestion
 * @param suggestionId a suggestion of the member, or {@code null} when named by id
 */
public record BlockMember(String guildId, String userId, String suggestionId)
    implements ModeratorCommand {}
