package gg.suggestions.command.loop;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import org.axonframework.common.Registration;
import org.axonframework.common.caching.Cache;

/**
 * Axon's aggregate {@link Cache} as a bounded map: it keeps the {@code capacity} aggregates used
 * most recently, so a node's memory does not grow with the number of guilds it has ever served. An
 * aggregate that is not resident loads from the replica, as without a cache. Thread-safe: the
 * workers of every partition share it.
 */
final class BoundedCache implements Cache {

  private final Map<Object, Object> entries;

  BoundedCache(int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("A cache holds at least one entry, not " + capacity);
    }
    this.entries =
        new LinkedHashMap<>(16, 0.75f, true) {
          @Override
          protected boolean removeEldestEntry(Map.Entry<Object, Object> eldest) {
            return size() > capacity;
          }
        };
  }

  @Override
  @SuppressWarnings("unchecked")
  public synchronized <K, V> V get(K key) {
    return (V) entries.get(key);
  }

  @Override
  public synchronized void put(Object key, Object value) {
    entries.put(key, value);
  }

  @Override
  public synchronized boolean putIfAbsent(Object key, Object value) {
    return entries.putIfAbsent(key, value) == null;
  }

  @Override
  @SuppressWarnings("unchecked")
  public synchronized <T> T computeIfAbsent(Object key, Supplier<T> valueSupplier) {
    return (T) entries.computeIfAbsent(key, k -> valueSupplier.get());
  }

  @Override
  @SuppressWarnings("unchecked")
  public synchronized <V> void computeIfPresent(Object key, UnaryOperator<V> update) {
    entries.computeIfPresent(key, (k, v) -> update.apply((V) v));
  }

  @Override
  public synchronized boolean remove(Object key) {
    return entries.remove(key) != null;
  }

  @Override
  public synchronized void removeAll() {
    entries.clear();
  }

  @Override
  public synchronized boolean containsKey(Object key) {
    return entries.containsKey(key);
  }

  synchronized int size() {
    return entries.size();
  }

  /** Nobody listens: entries leave by eviction or {@link #removeAll}, and nothing reacts. */
  @Override
  public Registration registerCacheEntryListener(EntryListener listener) {
    return () -> true;
  }
}
