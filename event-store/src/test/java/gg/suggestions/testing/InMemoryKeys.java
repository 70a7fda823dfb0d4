package gg.suggestions.testing;

import gg.suggestions.eventstore.privacy.DataKey;
import gg.suggestions.eventstore.privacy.MemberKeys;
import java.security.SecureRandom;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/** Members' keys in memory, as the key ring keeps them, for unit tests without Kafka. */
public final class InMemoryKeys implements MemberKeys {

  private static final SecureRandom RANDOM = new SecureRandom();

  private final Map<String, DataKey> byMember = new HashMap<>();
  private final Map<String, DataKey> byId = new HashMap<>();
  private final Map<String, String> forgotten = new HashMap<>();

  @Override
  public synchronized DataKey keyFor(String userId) {
    return byMember.computeIfAbsent(
        userId,
        u -> {
          DataKey key = DataKey.generate(RANDOM);
          byId.put(key.id(), key);
          return key;
        });
  }

  @Override
  public synchronized Optional<DataKey> key(String keyId) {
    return Optional.ofNullable(byId.get(keyId));
  }

  @Override
  public synchronized Set<String> forget(String userId) {
    DataKey key = byMember.remove(userId);
    if (key != null) {
      byId.remove(key.id());
      forgotten.put(key.id(), userId);
    }
    Set<String> all = new TreeSet<>();
    for (var entry : forgotten.entrySet()) {
      if (entry.getValue().equals(userId)) {
        all.add(entry.getKey());
      }
    }
    return all;
  }

  @Override
  public synchronized Optional<String> forgottenMember(String keyId) {
    return Optional.ofNullable(forgotten.get(keyId));
  }
}
