package gg.suggestions.eventstore.contract.suggestion;

/**
 * The aggregate id of a queued suggestion. Queue ids and sIDs are drawn from one space per guild,
 * so {@code /approve}, {@code /reject} and {@code /clear} take either and never meet both.
 */
public final class QueueKey {

  private QueueKey() {}

  public static String of(String guildId, String queueId) {
    return guildId + "/queue/" + queueId;
  }
}
