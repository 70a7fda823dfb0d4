package gg.suggestions.eventstore.contract.guildconfig;

import java.time.Duration;
import org.axonframework.serialization.Revision;

/**
 * The guild's per-member suggestion limit changed.
 *
 * @param guildId the guild
 * @param amount suggestions allowed per period
 * @param period the period, ISO-8601 on the wire ({@code PT3S})
 */
@Revision("1")
public record SuggestionLimitSet(String guildId, int amount, Duration period) {}
