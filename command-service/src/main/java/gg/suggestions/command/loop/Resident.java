package gg.suggestions.command.loop;

import gg.suggestions.eventstore.engine.KafkaEventStorageEngine;
import gg.suggestions.eventstore.envelope.EventEnvelope;
import java.util.ArrayList;
import java.util.List;
import org.axonframework.common.caching.Cache;

/**
 * What a command node keeps in memory so that deciding needs no PostgreSQL round trip: the state of
 * the aggregates it used recently (one bounded cache per aggregate type) and their last committed
 * sequence numbers (in the storage engine).
 *
 * <p>Only this node writes the aggregates of the partitions it owns, so what it committed itself is
 * their true state. Everything is forgotten whenever that may no longer hold: a batch that did not
 * commit cleanly (its aggregates were changed in memory, and the log never took the change), a
 * partition caught up from the log, a partition released. Forgetting is coarse (all of it) and
 * rare; what is not resident loads from the replica plus the open batch, as before.
 */
final class Resident {

  /** Aggregates of each type a node keeps, the most recently used. */
  static final int AGGREGATES_PER_TYPE = 10_000;

  private final List<Cache> caches = new ArrayList<>();
  private final KafkaEventStorageEngine engine;

  /**
   * @param engine keeps the last committed sequence of each resident aggregate; {@code null} for
   *     none
   */
  Resident(KafkaEventStorageEngine engine) {
    this.engine = engine;
  }

  /** Keeps nothing in memory. */
  static Resident none() {
    return new Resident(null);
  }

  /** A new bounded cache for one aggregate type's repository. */
  synchronized Cache newCache() {
    Cache cache = new BoundedCache(AGGREGATES_PER_TYPE);
    caches.add(cache);
    return cache;
  }

  /** {@code events} are committed to the log: their sequences are now the aggregates' last. */
  void committed(List<EventEnvelope> events) {
    if (engine != null) {
      engine.committed(events);
    }
  }

  /** Forgets every resident aggregate and sequence; they load from the replica again. */
  synchronized void forget() {
    caches.forEach(Cache::removeAll);
    if (engine != null) {
      engine.forgetCommitted();
    }
  }
}
