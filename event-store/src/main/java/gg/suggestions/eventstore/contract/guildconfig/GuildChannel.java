package gg.suggestions.eventstore.contract.guildconfig;

/** The channels a guild configures; all unset by default. */
public enum GuildChannel {
  /** Where new suggestions are posted. */
  SUGGESTIONS,
  /** Where resolved suggestions go when {@code keep_logs} is off. */
  LOG,
  /** Where queued suggestions are posted in channel-queue mode. */
  QUEUE,
  /** Where rejected queue items are posted. */
  QUEUE_REJECTION
}
