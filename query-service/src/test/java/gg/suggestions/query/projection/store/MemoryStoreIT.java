package gg.suggestions.query.projection.store;

import static org.assertj.core.api.Assertions.assertThat;

import gg.suggestions.testing.TestPostgres;
import java.sql.Connection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * What a rebuild loads from the folds of several partitions into one schema, and how rows of one
 * key folded on two partitions are merged before the key is added.
 */
class MemoryStoreIT {

  @RegisterExtension static final TestPostgres postgres = new TestPostgres();

  record Item(String key, String value, long lastSequence) {}

  static final Table<Item> GUARDED =
      new Table<>(
          "item",
          List.of("k", "v", "last_sequence"),
          1,
          item -> List.of(item.key()),
          item -> new Object[] {item.key(), item.value(), item.lastSequence()},
          (rs, i) -> new Item(rs.getString("k"), rs.getString("v"), rs.getLong("last_sequence")),
          Set.of(),
          "last_sequence");

  static final Counter HITS = new Counter("hits", List.of("k", "p"), List.of("n", "m"));

  private final JdbcTemplate jdbc = new JdbcTemplate(postgres.dataSource());

  @Test
  void rowsOfOneKeyFromTwoStoresKeepTheHighestSequenceAndCountsAreSummed() throws Exception {
    jdbc.execute("DROP SCHEMA IF EXISTS s CASCADE");
    jdbc.execute("CREATE SCHEMA s");
    jdbc.execute("CREATE TABLE s.item (k TEXT, v TEXT, last_sequence BIGINT)");
    jdbc.execute("CREATE TABLE s.hits (k TEXT, p INT, n BIGINT, m BIGINT)");
    MemoryStore first = new MemoryStore();
    first.rows(GUARDED).put(new Item("a", "first a", 4));
    first.rows(GUARDED).put(new Item("b", "only b", 1));
    first.counts(HITS).add(List.of("a", 1), 2, 1);
    first.counts(HITS).add(List.of("b", 1), 1, 0);
    MemoryStore second = new MemoryStore();
    second.rows(GUARDED).put(new Item("a", "second a", 7));
    second.counts(HITS).add(List.of("a", 1), 3, 5);
    second.counts(HITS).add(List.of("a", 2), 1, 1);
    try (Connection c = postgres.dataSource().getConnection()) {
      first.copyInto(c, "s");
      second.copyInto(c, "s");
    }

    for (String table : List.of("item", "hits")) {
      jdbc.update(first.deduplication("s", table).orElseThrow());
    }

    jdbc.execute("ALTER TABLE s.item ADD PRIMARY KEY (k)");
    jdbc.execute("ALTER TABLE s.hits ADD PRIMARY KEY (k, p)");
    assertThat(jdbc.queryForList("SELECT k, v, last_sequence FROM s.item ORDER BY k"))
        .containsExactly(
            Map.of("k", "a", "v", "second a", "last_sequence", 7L),
            Map.of("k", "b", "v", "only b", "last_sequence", 1L));
    assertThat(jdbc.queryForList("SELECT k, p, n, m FROM s.hits ORDER BY k, p"))
        .containsExactly(
            Map.of("k", "a", "p", 1, "n", 5L, "m", 6L),
            Map.of("k", "a", "p", 2, "n", 1L, "m", 1L),
            Map.of("k", "b", "p", 1, "n", 1L, "m", 0L));
    assertThat(first.deduplication("s", "no_such_table")).isEmpty();
  }

  @Test
  void theLiveStoreReadsWritesAndGuardsWhatTheMemoryStoreLoads() {
    jdbc.execute("DROP SCHEMA IF EXISTS live CASCADE");
    jdbc.execute("CREATE SCHEMA live");
    jdbc.execute("CREATE TABLE live.item (k TEXT PRIMARY KEY, v TEXT, last_sequence BIGINT)");
    jdbc.execute("CREATE TABLE live.hits (k TEXT, p INT, n BIGINT, m BIGINT, PRIMARY KEY (k, p))");
    JdbcStore store = new JdbcStore(jdbc, "live");
    Store.Rows<Item> items = store.rows(GUARDED);

    items.put(new Item("a", "v2", 2));
    items.put(new Item("a", "v1, late", 1));
    store.counts(HITS).add(List.of("a", 3), 1, 2);
    store.counts(HITS).add(List.of("a", 3), 4, 0);

    assertThat(items.find("a")).contains(new Item("a", "v2", 2));
    assertThat(items.find("z")).isEmpty();
    assertThat(jdbc.queryForMap("SELECT n, m FROM live.hits WHERE k = 'a' AND p = 3"))
        .isEqualTo(Map.of("n", 5L, "m", 2L));
    items.remove("a");
    assertThat(items.find("a")).isEmpty();
  }
}
