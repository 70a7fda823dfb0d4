package gg.suggestions.command.suggestion;

import gg.suggestions.eventstore.contract.suggestion.QueueKey;
import gg.suggestions.eventstore.contract.suggestion.SuggestionKey;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.function.Predicate;

/**
 * sIDs: the short ids users type, 8 characters of {@code [a-z0-9]}, unique within a guild.
 *
 * <p>Derived from the command id, so a retried command computes the same candidates, and the node
 * that replays a command decides the same id. Candidate {@code n} hashes {@code commandId:n}; the
 * first candidate the guild has never used wins, so a collision (about one in 2.8 trillion per
 * pair) takes the next one, and an id, once used, is never handed out again.
 */
final class ShortIds {

  static final int LENGTH = 8;
  private static final String ALPHABET = "0123456789abcdefghijklmnopqrstuvwxyz";
  private static final int MAX_ATTEMPTS = 64;

  private ShortIds() {}

  /**
   * @param isTaken whether the guild has ever used a candidate
   * @throws IllegalStateException if {@value #MAX_ATTEMPTS} candidates in a row are taken, which
   *     means the check is broken, not that the space is full
   */
  static String firstFree(String commandId, Predicate<String> isTaken) {
    for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      String candidate = candidate(commandId, attempt);
      if (!isTaken.test(candidate)) {
        return candidate;
      }
    }
    throw new IllegalStateException(
        MAX_ATTEMPTS + " sID candidates of command " + commandId + " are all taken");
  }

  /**
   * The first id of {@code commandId} that no suggestion and no queued item of the guild has used:
   * queue ids and sIDs share one space, so a moderator's id always names one thing.
   *
   * @param keyUsed whether an aggregate key was ever used, committed or earlier in the open batch
   */
  static String firstFreeIn(String guildId, String commandId, Predicate<String> keyUsed) {
    return firstFree(
        commandId,
        id ->
            keyUsed.test(SuggestionKey.of(guildId, id)) || keyUsed.test(QueueKey.of(guildId, id)));
  }

  static String candidate(String commandId, int attempt) {
    byte[] hash = sha256((commandId + ":" + attempt).getBytes(StandardCharsets.UTF_8));
    StringBuilder id = new StringBuilder(LENGTH);
    int i = 0;
    while (id.length() < LENGTH) {
      if (i == hash.length) {
        hash = sha256(hash);
        i = 0;
      }
      // 36 divides 252: bytes of 252 and above are skipped, so every character is as likely.
      int b = hash[i++] & 0xff;
      if (b < 252) {
        id.append(ALPHABET.charAt(b % ALPHABET.length()));
      }
    }
    return id.toString();
  }

  static boolean isWellFormed(String id) {
    return id != null
        && id.length() == LENGTH
        && id.chars().allMatch(c -> ALPHABET.indexOf(c) >= 0);
  }

  private static byte[] sha256(byte[] bytes) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(bytes);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("Every JVM has SHA-256", e);
    }
  }
}
