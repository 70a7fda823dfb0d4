package gg.suggestions.eventstore.contract.userconfig;

import gg.suggestions.eventstore.contract.Personal;
import org.axonframework.serialization.Revision;

/**
 * A member turned pings in their suggestions' threads on or off.
 *
 * @param userId the member
 * @param enabled the new value
 */
@Revision("1")
public record ThreadPingsSet(@Personal(of = "userId") String userId, boolean enabled) {}
