package gg.suggestions.query.projection.store;

import java.util.List;

/**
 * A table of counts of one read model: each row a key and one or more counts that only grow.
 *
 * @param name the table's name in the projection's schema
 * @param keys the key columns
 * @param counts the count columns
 */
public record Counter(String name, List<String> keys, List<String> counts) {

  public Counter {
    keys = List.copyOf(keys);
    counts = List.copyOf(counts);
  }

  List<String> columns() {
    return java.util.stream.Stream.concat(keys.stream(), counts.stream()).toList();
  }
}
