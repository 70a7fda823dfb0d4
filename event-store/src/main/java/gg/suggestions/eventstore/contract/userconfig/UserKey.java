package gg.suggestions.eventstore.contract.userconfig;

/**
 * The aggregate id and partition key of a member's own settings: {@code user:<id>}, the key the
 * gateway gives commands that name no guild.
 */
public final class UserKey {

  private UserKey() {}

  public static String of(String userId) {
    return "user:" + userId;
  }
}
