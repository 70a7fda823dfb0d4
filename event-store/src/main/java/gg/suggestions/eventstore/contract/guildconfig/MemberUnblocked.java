package gg.suggestions.eventstore.contract.guildconfig;

import org.axonframework.serialization.Revision;

/**
 * A member was taken off the guild's blocklist.
 *
 * @param guildId the guild
 * @param userId the member
 * @param moderatorId who unblocked them
 */
@Revision("1")
public record MemberUnblocked(String guildId, String userId, String moderatorId) {}
