package gg.suggestions.eventstore.contract.guildconfig;

import gg.suggestions.eventstore.contract.Personal;
import org.axonframework.serialization.Revision;

/**
 * A member was put on the guild's blocklist.
 *
 * @param guildId the guild
 * @param userId the member
 * @param moderatorId who blocked them
 */
@Revision("1")
public record MemberBlocked(
    String guildId,
    @Personal(of = "userId") String userId,
    @Personal(of = "moderatorId") String moderatorId) {}
