package gg.suggestions.eventstore.contract.guildconfig;

import gg.suggestions.eventstore.contract.ModeratorCommand;
import java.time.Duration;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Sets how many suggestions one member may submit per period in the guild (moderator).
 *
 * @param guildId the guild
 * @param amount suggestions allowed per period
 * @param period the period, ISO-8601 on the wire ({@code PT3S})
 */
public record SetSuggestionLimit(
    @TargetAggregateIdentifier String guildId, int amount, Duration period)
    implements ModeratorCommand {}
