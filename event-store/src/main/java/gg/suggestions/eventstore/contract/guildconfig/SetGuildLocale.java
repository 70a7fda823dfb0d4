package gg.suggestions.eventstore.contract.guildconfig;

import gg.suggestions.eventstore.contract.ModeratorCommand;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Overrides the locale the bot uses for the guild's shared messages (moderator).
 *
 * @param guildId the guild
 * @param locale a supported Discord locale such as {@code de}, or {@code null} for Discord's
 */
public record SetGuildLocale(@TargetAggregateIdentifier String guildId, String locale)
    implements ModeratorCommand {}
