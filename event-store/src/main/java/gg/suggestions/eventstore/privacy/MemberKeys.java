package gg.suggestions.eventstore.privacy;

import java.util.Optional;
import java.util.Set;

/** Members' data keys, as sealing needs them; the {@link KeyRing} keeps them in the key topic. */
public interface MemberKeys {

  /** The key {@code userId}'s new personal data is sealed with, made durable first if new. */
  DataKey keyFor(String userId);

  /** The key {@code keyId}, or empty when it was forgotten. */
  Optional<DataKey> key(String keyId);

  /**
   * Destroys every key of {@code userId}, durably, and returns the ids of all their keys ever
   * forgotten here, these included (so asking again after a failure gives the same answer).
   */
  Set<String> forget(String userId);

  /** The member whose key {@code keyId} was forgotten, while this node still knows it. */
  Optional<String> forgottenMember(String keyId);
}
