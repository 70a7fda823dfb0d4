package gg.suggestions.eventstore.contract.guildconfig;

import java.util.List;
import org.axonframework.serialization.Revision;

/**
 * The guild's staff roles were replaced.
 *
 * @param guildId the guild
 * @param roleIds the Discord role ids now counted as staff; empty for none
 */
@Revision("1")
public record StaffRolesSet(String guildId, List<String> roleIds) {}
