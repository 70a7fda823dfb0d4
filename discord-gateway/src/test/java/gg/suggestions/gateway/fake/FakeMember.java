package gg.suggestions.gateway.fake;

import java.util.List;

/**
 * A guild member (or DM user) who triggers interactions.
 *
 * <p>JDA computes permissions of members in a <em>cached</em> guild from their roles, not from the
 * interaction's {@code member.permissions}. So when {@link #permissions()} is non-zero the fake
 * gives the member a synthetic role carrying exactly those permissions (created in the guild and
 * announced with {@code GUILD_ROLE_CREATE} if JDA already knows the guild).
 */
public record FakeMember(
    String userId, String displayName, long permissions, List<String> roleIds) {

  public FakeMember {
    roleIds = List.copyOf(roleIds);
  }

  public static FakeMember of(String userId, String displayName) {
    return new FakeMember(userId, displayName, 0L, List.of());
  }

  public FakeMember withPermissions(long rawPermissions) {
    return new FakeMember(userId, displayName, rawPermissions, roleIds);
  }

  public FakeMember withRoles(String... ids) {
    return new FakeMember(userId, displayName, permissions, List.of(ids));
  }
}
