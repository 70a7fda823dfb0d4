package gg.suggestions.eventstore.contract.guildconfig;

import gg.suggestions.eventstore.contract.ModeratorCommand;
import java.util.List;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Replaces the guild's staff roles: members with one of them are moderators (moderator).
 *
 * @param guildId the guild
 * @param roleIds the Discord role ids; empty for none
 */
public record SetStaffRoles(@TargetAggregateIdentifier String guildId, List<String> roleIds)
    implements ModeratorCommand {}
