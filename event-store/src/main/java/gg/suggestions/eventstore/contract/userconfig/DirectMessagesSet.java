package gg.suggestions.eventstore.contract.userconfig;

import gg.suggestions.eventstore.contract.Personal;
import org.axonframework.serialization.Revision;

/**
 * A member turned DMs from the bot on or off.
 *
 * @param userId the member
 * @param enabled the new value
 */
@Revision("1")
public record DirectMessagesSet(@Personal(of = "userId") String userId, boolean enabled) {}
