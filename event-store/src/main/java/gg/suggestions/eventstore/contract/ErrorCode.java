package gg.suggestions.eventstore.contract;

/**
 * Every reason a command can be refused: a stable number users quote to support, a message key the
 * gateway localises, and the English text. Numbers are never reused or renumbered.
 */
public enum ErrorCode {
  INVALID_COMMAND(
      1000, "error.invalid_command", "This request could not be read. Nothing was changed."),
  UNKNOWN_COMMAND(
      1001, "error.unknown_command", "This action is not known to the bot. Nothing was changed."),
  NOT_A_MODERATOR(
      1100,
      "error.not_a_moderator",
      "Only moderators can do this: you need Manage Server, Administrator or one of the server's staff roles."),
  INVALID_SETTING(1200, "error.invalid_setting", "That value is not valid for this setting."),
  CONCURRENT_CHANGE(
      1900,
      "error.concurrent_change",
      "Someone changed this at the same moment. Please try again.");

  private final int number;
  private final String messageKey;
  private final String english;

  ErrorCode(int number, String messageKey, String english) {
    this.number = number;
    this.messageKey = messageKey;
    this.english = english;
  }

  public int number() {
    return number;
  }

  public String messageKey() {
    return messageKey;
  }

  public String english() {
    return english;
  }
}
