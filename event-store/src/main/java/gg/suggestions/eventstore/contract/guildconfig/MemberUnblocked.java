package gg.suggestions.eventstore.contract.guildconfig;

import gg.suggestions.eventstore.contract.Personal;
import org.axonframework.serialization.Revision;

/**
 * A member was taken off the guild's blocklist.
 *
 * @param guildId the guild
 * @param userId the member
 * @param moderatorId who unblocked them
 */
@Revision("1")
public record MemberUnblocked(
    String guildId,
    @Personal(of = "userId") String userId,
    @Personal(of = "moderatorId") String moderatorId) {}
