package gg.suggestions.eventstore.contract.guildconfig;

/** The on/off settings of a guild, with the defaults of FEATURES.md. */
public enum GuildToggle {
  KEEP_LOGS(false),
  DM_MESSAGES(true),
  THREADS_FOR_SUGGESTIONS(true),
  PING_ON_THREAD_CREATION(true),
  AUTO_ARCHIVE_THREADS(false),
  ANONYMOUS_SUGGESTIONS(false),
  IMAGES_IN_SUGGESTIONS(true),
  ANONYMOUS_RESOLUTIONS(false),
  SUGGESTION_QUEUE(false),
  /** On: the queue is a channel with buttons; off: the virtual queue. */
  CHANNEL_QUEUE(false),
  VOTERS_VISIBLE(true);

  private final boolean defaultValue;

  GuildToggle(boolean defaultValue) {
    this.defaultValue = defaultValue;
  }

  /** The value a guild has before it changes the setting. */
  public boolean defaultValue() {
    return defaultValue;
  }
}
