package gg.suggestions.eventstore.contract.guildconfig;

import gg.suggestions.eventstore.contract.ModeratorCommand;

/**
 * Takes a member off the guild's blocklist (moderator), named as in {@link BlockMember}.
 *
 * @param guildId the guild
 * @param userId the member, or {@code null} when named by a suggestion
 * @param suggestionId a suggestion of the member, or {@code null} when named by id
 */
public record UnblockMember(String guildId, String userId, String suggestionId)
    implements ModeratorCommand {}
