package gg.suggestions.eventstore.contract;

import java.util.List;

/**
 * The member who issued a command, as Discord described them at that moment.
 *
 * @param userId the Discord user id
 * @param permissions the member's permission bitset in the guild (Discord's bit layout); 0 in DMs
 * @param roleIds the member's role ids in the guild; empty in DMs
 */
public record Actor(String userId, long permissions, List<String> roleIds) {

  /** Discord's Administrator permission bit. */
  public static final long ADMINISTRATOR = 1L << 3;

  /** Discord's Manage Server permission bit. */
  public static final long MANAGE_GUILD = 1L << 5;

  public Actor {
    roleIds = roleIds == null ? List.of() : List.copyOf(roleIds);
  }

  /**
   * Whether the member may moderate a guild with these staff roles: Administrator, Manage Server,
   * or any staff role. The one rule for every moderator action on every route.
   */
  public boolean isModerator(java.util.Collection<String> staffRoleIds) {
    return (permissions & (ADMINISTRATOR | MANAGE_GUILD)) != 0
        || roleIds.stream().anyMatch(staffRoleIds::contains);
  }
}
