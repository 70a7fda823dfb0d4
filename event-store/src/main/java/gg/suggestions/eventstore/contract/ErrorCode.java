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
  NO_SUGGESTIONS_CHANNEL(
      1300,
      "error.no_suggestions_channel",
      "This server has no suggestions channel yet. A moderator can set one with /config."),
  SUGGESTION_EMPTY(
      1301, "error.suggestion_empty", "Your suggestion is empty. Write something first."),
  SUGGESTION_TOO_LONG(
      1302,
      "error.suggestion_too_long",
      "Suggestions can be at most 1000 characters. Your text is attached so nothing is lost."),
  ANONYMITY_DISABLED(
      1303,
      "error.anonymity_disabled",
      "This server does not allow anonymous suggestions. Nothing was submitted."),
  IMAGES_DISABLED(
      1304,
      "error.images_disabled",
      "This server does not allow images in suggestions. Nothing was submitted."),
  IMAGE_TOO_LARGE(1305, "error.image_too_large", "Images must be smaller than 25 MiB."),
  IMAGE_WRONG_TYPE(1306, "error.image_wrong_type", "Images must be PNG, JPEG, GIF or WebP files."),
  BLOCKLISTED(1307, "error.blocklisted", "You can't submit suggestions in this server."),
  ON_COOLDOWN(1308, "error.on_cooldown", "You're suggesting faster than this server allows."),
  NO_QUEUE_CHANNEL(
      1309,
      "error.no_queue_channel",
      "This server reviews suggestions in a queue channel but has none yet. A moderator can set"
          + " one with /config."),
  SUGGESTION_NOT_FOUND(
      1400, "error.suggestion_not_found", "There is no suggestion with that id in this server."),
  SUGGESTION_ALREADY_RESOLVED(
      1401, "error.suggestion_already_resolved", "This suggestion has already been resolved."),
  SUGGESTION_NOT_OPEN(
      1402,
      "error.suggestion_not_open",
      "This suggestion is no longer open for votes: it has been resolved or cleared."),
  RESPONSE_TOO_LONG(
      1403, "error.response_too_long", "Responses and notes can be at most 1000 characters."),
  NO_NOTE(1404, "error.no_note", "This suggestion has no note to remove."),
  NO_LOG_CHANNEL(
      1405,
      "error.no_log_channel",
      "Resolved suggestions need somewhere to go: set a log channel with /config, or turn"
          + " keep_logs on."),
  ALREADY_BLOCKED(1600, "error.already_blocked", "That member is already on the blocklist."),
  NOT_BLOCKED(1601, "error.not_blocked", "That member is not on the blocklist."),
  NOT_YOUR_SETTINGS(1700, "error.not_your_settings", "You can only change your own settings."),
  FORGETTING_UNAVAILABLE(
      1701,
      "error.forgetting_unavailable",
      "This bot can't forget members: its operator has not set a master key."),
  NOTHING_TO_FORGET(1702, "error.nothing_to_forget", "The bot holds no sealed data about you."),
  CONCURRENT_CHANGE(
      1900,
      "error.concurrent_change",
      "Someone changed this at the same moment. Please try again."),
  /**
   * The command needs the replica (an aggregate not in memory), and the database is down or behind
   * the log. Nothing was written and the command id is not spent: the same command may be sent
   * again.
   */
  TEMPORARILY_UNAVAILABLE(
      1901,
      "error.temporarily_unavailable",
      "The bot's storage is briefly unavailable and this action needs it. Nothing was changed:"
          + " please try again in a few seconds.");

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
