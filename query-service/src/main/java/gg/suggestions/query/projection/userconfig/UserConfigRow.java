package gg.suggestions.query.projection.userconfig;

/**
 * A member's settings.
 *
 * @param directMessages whether the bot may DM them about their suggestions
 * @param threadPings whether they are pinged in their suggestions' new threads
 * @param lastSequence the aggregate sequence of the last event applied
 */
public record UserConfigRow(
    String userId, boolean directMessages, boolean threadPings, long lastSequence) {

  /** The settings of a member who never changed one: everything on. */
  static UserConfigRow defaults(String userId) {
    return new UserConfigRow(userId, true, true, -1);
  }
}
