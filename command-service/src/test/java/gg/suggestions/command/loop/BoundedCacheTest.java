package gg.suggestions.command.loop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class BoundedCacheTest {

  @Test
  void keepsTheEntriesUsedMostRecently() {
    var cache = new BoundedCache(2);
    cache.put("a", 1);
    cache.put("b", 2);
    assertThat(cache.<String, Integer>get("a")).isEqualTo(1); // "a" is now the most recent

    cache.put("c", 3);

    assertThat(cache.containsKey("b")).as("the least recently used leaves").isFalse();
    assertThat(cache.containsKey("a")).isTrue();
    assertThat(cache.containsKey("c")).isTrue();
    assertThat(cache.size()).isEqualTo(2);
  }

  @Test
  void forgetsEverythingAtOnce() {
    var cache = new BoundedCache(10);
    cache.put("a", 1);
    assertThat(cache.putIfAbsent("a", 2)).isFalse();
    assertThat(cache.<Integer>computeIfAbsent("b", () -> 3)).isEqualTo(3);
    cache.<Integer>computeIfPresent("b", v -> v + 1);
    assertThat(cache.<String, Integer>get("b")).isEqualTo(4);

    cache.removeAll();

    assertThat(cache.size()).isZero();
    assertThat(cache.remove("a")).isFalse();
  }

  @Test
  void holdsAtLeastOneEntry() {
    assertThatThrownBy(() -> new BoundedCache(0)).isInstanceOf(IllegalArgumentException.class);
  }
}
