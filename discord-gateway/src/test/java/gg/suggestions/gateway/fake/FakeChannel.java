package gg.suggestions.gateway.fake;

/**
 * Snapshot of a channel known to the fake: guild text channel (type 0), DM (type 1) or thread (type
 * 11 public / 12 private).
 */
public record FakeChannel(
    String id,
    int type,
    String guildId,
    String name,
    String parentId,
    String starterMessageId,
    boolean archived,
    boolean locked,
    int autoArchiveDuration,
    String recipientId) {

  public boolean isThread() {
    return type == 10 || type == 11 || type == 12;
  }
}
