package gg.suggestions.gateway.effects;

import gg.suggestions.gateway.effects.SuggestionMessages.Author;

/**
 * What the effects do on Discord, without JDA types, so the effects are tested without Discord. The
 * JDA adapter blocks until Discord answered and lets Discord's rate limits pace it.
 *
 * <p>Failures: {@link PermanentFailure} when Discord refuses for good (a missing permission, a
 * deleted channel, a member who takes no DMs); any other exception is transient and the effect is
 * tried again.
 */
public interface DiscordActions {

  /**
   * Posts a message. Discord answers a repeated {@code nonce} in the same channel with the message
   * it already created, so a retried post creates nothing new.
   *
   * @param nonce at most 25 characters
   * @return the message id
   */
  String post(String channelId, MessageView view, String nonce);

  void edit(String channelId, String messageId, MessageView view);

  /** Deletes a message; one that is already gone counts as deleted. */
  void delete(String channelId, String messageId);

  /**
   * Starts a thread on a message; a thread that already exists there is returned.
   *
   * @return the thread id
   */
  String startThread(String channelId, String messageId, String name);

  /** Locks and archives a thread. */
  void archive(String threadId);

  /** Sends a DM, with the same nonce rule as {@link #post}. */
  void directMessage(String userId, MessageView view, String nonce);

  /** The user as Discord shows them, or {@code null} when unknown. */
  Author author(String userId);

  /** The guild's name, or its id when unknown. */
  String guildName(String guildId);

  /** Discord refused for good: retrying would fail the same way. */
  final class PermanentFailure extends RuntimeException {
    public PermanentFailure(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
