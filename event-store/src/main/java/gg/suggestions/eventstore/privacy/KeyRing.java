package gg.suggestions.eventstore.privacy;

import gg.suggestions.eventstore.topic.SuggestionTopics;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every member's data keys, kept where the events are: in the compacted key topic ({@link
 * SuggestionTopics#KEYS}), replicated like the log, wrapped by the {@link MasterKeys}. A record per
 * key, keyed {@code member:<user id>:<key id>}, its value the wrapped key; forgetting a member
 * writes a tombstone for each of their keys, and compaction then removes the key for good, which
 * makes every field sealed with it unreadable on every copy of the log.
 *
 * <p>A key record is written, with {@code acks=all}, before any event sealed with it: so a reader
 * that meets a key id it does not know reads the key topic to its end once, and a key still missing
 * then was forgotten, for good. Thread-safe: the consumer is used under this object's lock, known
 * keys are looked up without it.
 */
public final class KeyRing implements MemberKeys, AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(KeyRing.class);
  private static final String PREFIX = "member:";

  private final Producer<String, byte[]> producer;
  private final Consumer<String, byte[]> consumer;
  private final MasterKeys masters;
  private final SecureRandom random;
  private final Duration timeout;
  private final Map<String, DataKey> keys = new ConcurrentHashMap<>();
  private final Set<String> forgotten = ConcurrentHashMap.newKeySet();
  // The member of each key forgotten while this ring ran or whose tombstone it read.
  private final Map<String, String> forgottenMembers = new ConcurrentHashMap<>();
  // The key each member's new data is sealed with: read without the lock.
  private final Map<String, DataKey> current = new ConcurrentHashMap<>();
  // The keys being made now, one per member, so concurrent first actions share one.
  private final Map<String, CompletableFuture<DataKey>> creating = new ConcurrentHashMap<>();
  // Guarded by this: the member's live key ids, oldest first.
  private final Map<String, LinkedHashMap<String, Boolean>> byMember = new HashMap<>();
  private List<TopicPartition> partitions;

  /**
   * @param producer writes key records and tombstones; idempotent, {@code acks=all}
   * @param consumer reads the key topic; assigned here, never committed
   */
  public KeyRing(
      Producer<String, byte[]> producer,
      Consumer<String, byte[]> consumer,
      MasterKeys masters,
      SecureRandom random,
      Duration timeout) {
    this.producer = producer;
    this.consumer = consumer;
    this.masters = masters;
    this.random = random;
    this.timeout = timeout;
  }

  /**
   * A key ring on the cluster {@code kafka} (client settings: servers, and security if any), read
   * to the key topic's end before it is returned.
   *
   * @throws KeyTopicUnavailableException if the key topic can not be read in time
   */
  public static KeyRing connect(
      Map<String, Object> kafka, MasterKeys masters, SecureRandom random, Duration timeout) {
    Map<String, Object> producer = new HashMap<>(kafka);
    producer.put(ProducerConfig.ACKS_CONFIG, "all");
    producer.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    // A key is written alone and waited for: no lingering, and the request retried within the
    // delivery timeout (which must cover linger plus one request).
    producer.put(ProducerConfig.LINGER_MS_CONFIG, 0);
    producer.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
    producer.put(
        ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) Math.max(1, timeout.toMillis() / 2));
    Map<String, Object> consumer = new HashMap<>(kafka);
    consumer.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    // Reading to the end is a lookup on a member's first action: no 500 ms fetch wait.
    consumer.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 5);
    KeyRing ring =
        new KeyRing(
            new KafkaProducer<>(producer, new StringSerializer(), new ByteArraySerializer()),
            new KafkaConsumer<>(consumer, new StringDeserializer(), new ByteArrayDeserializer()),
            masters,
            random,
            timeout);
    try {
      ring.catchUp();
    } catch (RuntimeException e) {
      ring.close();
      throw e;
    }
    return ring;
  }

  /**
   * The key {@code userId}'s new personal data is sealed with: the oldest they have, or a new one,
   * durably in the key topic before it is returned.
   *
   * @throws IllegalArgumentException if {@code userId} is no Discord id
   * @throws KeyTopicUnavailableException if the key topic can not be read or written in time
   */
  @Override
  public DataKey keyFor(String userId) {
    requireUserId(userId);
    DataKey known = current.get(userId);
    if (known != null) {
      return known; // No lock: every event of a member who has a key comes here.
    }
    CompletableFuture<DataKey> mine = new CompletableFuture<>();
    CompletableFuture<DataKey> theirs = creating.putIfAbsent(userId, mine);
    if (theirs != null) {
      return waitFor(theirs); // Another thread makes this member's key: one key, not two.
    }
    try {
      DataKey key = create(userId);
      mine.complete(key);
      return key;
    } catch (RuntimeException e) {
      mine.completeExceptionally(e);
      throw e;
    } finally {
      creating.remove(userId, mine);
    }
  }

  /**
   * The member's key: one another node made (read from the key topic), or a new one, written with
   * {@code acks=all} without holding the ring's lock, so other members' keys are made and known
   * keys are used meanwhile.
   */
  private DataKey create(String userId) {
    synchronized (this) {
      catchUp(); // Another node may have made one.
      DataKey made = current.get(userId);
      if (made != null) {
        return made;
      }
    }
    DataKey key = DataKey.generate(random);
    await(
        producer.send(
            new ProducerRecord<>(
                SuggestionTopics.KEYS, recordKey(userId, key.id()), masters.wrap(key))));
    synchronized (this) {
      learn(userId, key);
      DataKey chosen = current.get(userId);
      return chosen != null ? chosen : key;
    }
  }

  private DataKey waitFor(CompletableFuture<DataKey> creation) {
    try {
      return creation.get(timeout.toMillis() * 2, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new KeyTopicUnavailableException("Interrupted while a member's key was made");
    } catch (ExecutionException e) {
      throw e.getCause() instanceof RuntimeException failure
          ? failure
          : new KeyTopicUnavailableException("A member's key was not made: " + e.getCause());
    } catch (TimeoutException e) {
      throw new KeyTopicUnavailableException("A member's key was not made in time");
    }
  }

  /**
   * Makes a key, durably, for each of {@code userIds} that has none, with one write in flight per
   * member instead of one after another: for an import, or a benchmark, that meets many members at
   * once. Returns how many keys were made.
   */
  public synchronized int createAll(Collection<String> userIds) {
    userIds.forEach(KeyRing::requireUserId);
    catchUp();
    Map<String, DataKey> made = new LinkedHashMap<>();
    List<Future<?>> sent = new ArrayList<>();
    for (String userId : new TreeSet<>(userIds)) {
      if (oldestKeyOf(userId) == null) {
        DataKey key = DataKey.generate(random);
        made.put(userId, key);
        sent.add(
            producer.send(
                new ProducerRecord<>(
                    SuggestionTopics.KEYS, recordKey(userId, key.id()), masters.wrap(key))));
      }
    }
    sent.forEach(this::await);
    made.forEach(this::learn);
    return made.size();
  }

  private DataKey oldestKeyOf(String userId) {
    var live = byMember.get(userId);
    return live == null || live.isEmpty() ? null : keys.get(live.keySet().iterator().next());
  }

  /**
   * The key {@code keyId}, or empty when it was forgotten (or never written, which a key id on the
   * log can not be). Reads the key topic to its end when the key is not known yet.
   */
  @Override
  public Optional<DataKey> key(String keyId) {
    DataKey known = keys.get(keyId);
    if (known != null || forgotten.contains(keyId)) {
      return Optional.ofNullable(known);
    }
    synchronized (this) {
      catchUp();
      known = keys.get(keyId);
      if (known == null) {
        // Written before any event that names it, and not there now: tombstoned and compacted.
        forgotten.add(keyId);
      }
      return Optional.ofNullable(known);
    }
  }

  /**
   * Tombstones every key of {@code userId}; from then on nothing sealed with them opens here, and
   * nowhere once the key topic is compacted. Returns the ids of every key of the member forgotten
   * so far (those of an earlier, interrupted forgetting too, while their tombstones last).
   */
  @Override
  public synchronized Set<String> forget(String userId) {
    requireUserId(userId);
    catchUp();
    var live = byMember.get(userId);
    Set<String> ids = live == null ? Set.of() : Set.copyOf(live.keySet());
    List<Future<?>> sent = new ArrayList<>();
    for (String id : ids) {
      sent.add(
          producer.send(new ProducerRecord<>(SuggestionTopics.KEYS, recordKey(userId, id), null)));
    }
    sent.forEach(this::await);
    for (String id : ids) {
      drop(userId, id);
    }
    Set<String> all = new TreeSet<>();
    forgottenMembers.forEach(
        (keyId, member) -> {
          if (member.equals(userId)) {
            all.add(keyId);
          }
        });
    return all;
  }

  @Override
  public Optional<String> forgottenMember(String keyId) {
    String member = forgottenMembers.get(keyId);
    if (member != null) {
      return Optional.of(member);
    }
    synchronized (this) {
      catchUp(); // Its tombstone may be newer than what this ring has read.
      return Optional.ofNullable(forgottenMembers.get(keyId));
    }
  }

  private void drop(String userId, String keyId) {
    var live = byMember.get(userId);
    if (live != null) {
      live.remove(keyId);
      if (live.isEmpty()) {
        byMember.remove(userId);
      }
    }
    keys.remove(keyId);
    forgotten.add(keyId);
    forgottenMembers.put(keyId, userId);
    DataKey oldest = oldestKeyOf(userId);
    if (oldest == null) {
      current.remove(userId);
    } else {
      current.put(userId, oldest);
    }
  }

  /** Reads the key topic up to its end offsets as of now. */
  public synchronized void catchUp() {
    if (partitions == null) {
      partitions =
          consumer.partitionsFor(SuggestionTopics.KEYS, timeout).stream()
              .map(p -> new TopicPartition(p.topic(), p.partition()))
              .toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
    }
    Map<TopicPartition, Long> end = consumer.endOffsets(partitions, timeout);
    long deadline = System.nanoTime() + timeout.toNanos();
    while (partitions.stream().anyMatch(tp -> consumer.position(tp, timeout) < end.get(tp))) {
      if (System.nanoTime() > deadline) {
        throw new KeyTopicUnavailableException(
            "The key topic was not read to its end within " + timeout.toMillis() + " ms");
      }
      for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(100))) {
        apply(record);
      }
    }
  }

  private void apply(ConsumerRecord<String, byte[]> record) {
    String[] parts = parse(record.key());
    if (parts == null) {
      log.warn(
          "Key topic record at {}-{} has a key that is not member:<id>:<key id>; skipped",
          record.partition(),
          record.offset());
      return;
    }
    String userId = parts[0];
    String keyId = parts[1];
    if (record.value() == null) {
      drop(userId, keyId);
      return;
    }
    try {
      learn(userId, masters.unwrap(keyId, record.value()));
    } catch (FieldCipher.Unopenable | IllegalArgumentException e) {
      // Never the key material or the member: where it is, and why.
      log.error(
          "Key topic record at {}-{} does not unwrap ({}); fields sealed with key {} stay closed",
          record.partition(),
          record.offset(),
          e.getMessage(),
          keyId);
    }
  }

  private void learn(String userId, DataKey key) {
    if (forgotten.contains(key.id())) {
      return; // A tombstone came first (a reader that started between the two).
    }
    keys.put(key.id(), key);
    byMember.computeIfAbsent(userId, u -> new LinkedHashMap<>()).put(key.id(), Boolean.TRUE);
    current.putIfAbsent(userId, key); // The oldest this ring knows seals the member's new data.
  }

  private void await(Future<?> sent) {
    try {
      sent.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new KeyTopicUnavailableException("Interrupted while writing to the key topic");
    } catch (ExecutionException | TimeoutException e) {
      throw new KeyTopicUnavailableException(
          "The key topic did not take a write within " + timeout.toMillis() + " ms: " + e);
    }
  }

  static String recordKey(String userId, String keyId) {
    return PREFIX + userId + ":" + keyId;
  }

  /** [user id, key id] of a record key, or null when it is not one of ours. */
  static String[] parse(String recordKey) {
    if (recordKey == null || !recordKey.startsWith(PREFIX)) {
      return null;
    }
    String rest = recordKey.substring(PREFIX.length());
    int colon = rest.indexOf(':');
    if (colon <= 0 || colon == rest.length() - 1 || !isUserId(rest.substring(0, colon))) {
      return null;
    }
    String keyId = rest.substring(colon + 1);
    return keyId.length() > 64 || keyId.indexOf(':') >= 0
        ? null
        : new String[] {rest.substring(0, colon), keyId};
  }

  private static boolean isUserId(String value) {
    if (value.isEmpty() || value.length() > 20) {
      return false;
    }
    return value.chars().allMatch(c -> c >= '0' && c <= '9');
  }

  private static void requireUserId(String userId) {
    if (userId == null || !isUserId(userId)) {
      throw new IllegalArgumentException("A member is a Discord id: 1 to 20 digits");
    }
  }

  /** How many keys are live here (for tests and status). */
  public int size() {
    return keys.size();
  }

  @Override
  public void close() {
    synchronized (this) {
      consumer.close();
    }
    producer.close();
  }

  /** The key topic could not be read or written in time; the caller retries or refuses. */
  public static final class KeyTopicUnavailableException extends RuntimeException {
    KeyTopicUnavailableException(String message) {
      super(message);
    }
  }
}
