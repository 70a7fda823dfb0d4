package gg.suggestions.eventstore.contract.userconfig;

import org.axonframework.serialization.Revision;

/**
 * A member turned DMs from the bot on or off.
 *
 * @param userId the member
 * @param enabled the new value
 */
@Revision("1")
public record DirectMessagesSet(String userId, boolean enabled) {}
