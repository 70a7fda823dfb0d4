package gg.suggestions.query.projection;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Builds a node's fresh projections with the bulk path before their processors start. A projection
 * without a token (a new database, a dropped schema) would otherwise replay the whole log through
 * its processor, one database round trip per event: many minutes at millions of events. Instead the
 * log is folded in memory up to its end offsets, loaded with {@code COPY} and swapped in with the
 * processor's token at those offsets, and the processor continues live from there.
 *
 * <p>Nodes that start together take turns on the {@link RebuildLock}: the first builds, the others
 * find the projections no longer due once it is done and just start their processors. A node that
 * dies while building releases the lock with its connection; the next one starts over.
 */
public final class Bootstrap {

  private static final Logger log = LoggerFactory.getLogger(Bootstrap.class);

  private final Map<String, Object> kafka;
  private final DataSource dataSource;
  private final JdbcTemplate jdbc;
  private final long minEvents;
  private final String node;
  private final int workers;
  private final Map<String, String> progress = new ConcurrentHashMap<>();

  /**
   * @param kafka the consumer settings to read the log with
   * @param minEvents below this many events to read, the processors replay the log themselves (the
   *     bulk path's fixed cost buys nothing on a small log)
   * @param node this node's name, shown by {@code suggestionsctl status} while it builds
   */
  public Bootstrap(Map<String, Object> kafka, DataSource dataSource, long minEvents, String node) {
    this(kafka, dataSource, minEvents, node, Runtime.getRuntime().availableProcessors());
  }

  /**
   * As {@link #Bootstrap(Map, DataSource, long, String)}, folding {@code workers} partitions at
   * once: each holds one partition's rows in this node's heap.
   */
  public Bootstrap(
      Map<String, Object> kafka, DataSource dataSource, long minEvents, String node, int workers) {
    if (minEvents < 0) {
      throw new IllegalArgumentException("minEvents must be 0 or more, not " + minEvents);
    }
    if (workers < 1) {
      throw new IllegalArgumentException("A bootstrap needs 1 worker or more, not " + workers);
    }
    this.workers = workers;
    this.kafka = kafka;
    this.dataSource = dataSource;
    this.jdbc = new JdbcTemplate(dataSource);
    this.minEvents = minEvents;
    this.node = node;
  }

  /**
   * Why the projection must be built before its processor starts, or null if it need not: it has no
   * token (its processor would replay the whole log), or its copy was built by another version of
   * its rules.
   */
  String reason(ShadowRebuild.Target target) throws SQLException {
    String schema = ProjectionProcessor.schemaOf(target.name());
    Long tokens =
        jdbc.queryForObject("SELECT count(*) FROM " + schema + ".token_entry", Long.class);
    if (tokens == null || tokens == 0) {
      return "empty";
    }
    int built;
    try (Connection c = dataSource.getConnection()) {
      built = ShadowRebuild.versionOf(c, schema);
    }
    if (built > target.version()) {
      // A newer node built it (a rolling deploy, a rollback): rebuilding it back to older rules
      // would only make the two versions take turns.
      log.warn(
          "Projection {} was built by version {} of its rules; this node runs version {} and"
              + " leaves it as it is",
          target.name(),
          built,
          target.version());
      return null;
    }
    return built == target.version()
        ? null
        : "built by version " + built + " of its rules, this node runs version " + target.version();
  }

  /**
   * How far a build on this node is.
   *
   * @param read log records read so far
   * @param total log records to read
   * @param began when the build started
   */
  record Build(long read, long total, Instant began) {

    /** How long the rest will take at the pace so far; null before there is a pace. */
    Duration eta(Instant now) {
      Duration spent = Duration.between(began, now);
      if (read <= 0 || spent.isZero() || spent.isNegative()) {
        return null;
      }
      return Duration.ofMillis(spent.toMillis() * Math.max(0, total - read) / read);
    }
  }

  private final Map<String, Build> builds = new ConcurrentHashMap<>();

  /** How far the build of {@code name} is, while one runs on this node; empty otherwise. */
  Optional<Build> buildOf(String name) {
    return Optional.ofNullable(builds.get(name));
  }

  /** How far the build of {@code name} is, while one runs on this node; null otherwise. */
  String progressOf(String name) {
    return progress.get(name);
  }

  /**
   * Builds those of {@code targets} (all reading one topic) that are still fresh once this node
   * holds the lock, and swaps them in. Returns when they are live, or another node built them, or
   * the log is too short to be worth it; throws if the build failed (the shadows are dropped, the
   * live schemas untouched).
   */
  void build(List<ShadowRebuild.Target> targets) throws SQLException {
    targets.forEach(t -> progress.put(t.name(), "waiting for another node's bootstrap"));
    try (RebuildLock lock = RebuildLock.acquire(dataSource)) {
      Map<ShadowRebuild.Target, String> due = new LinkedHashMap<>();
      for (ShadowRebuild.Target target : targets) {
        String reason = reason(target);
        if (reason != null) {
          due.put(target, reason);
        }
      }
      if (!due.isEmpty()) {
        // A node that died while building left its progress behind.
        due.keySet().forEach(t -> forget(t.name(), null));
        buildDue(due);
      }
    } finally {
      targets.forEach(
          t -> {
            progress.remove(t.name());
            builds.remove(t.name());
            forget(t.name(), node);
          });
    }
  }

  private void buildDue(Map<ShadowRebuild.Target, String> due) throws SQLException {
    List<ShadowRebuild.Target> fresh = List.copyOf(due.keySet());
    Instant began = Instant.now();
    var rebuild =
        new ShadowRebuild(
            kafka,
            dataSource,
            (name, span, position, events, elapsed) -> {
              long total = span.total();
              long read = total - span.remaining(position);
              String done =
                  String.format(
                      "%,d of %,d log records read in %d s", read, total, elapsed.toSeconds());
              fresh.forEach(
                  t -> {
                    progress.put(t.name(), "its bootstrap: " + done);
                    builds.put(t.name(), new Build(read, total, began));
                    report(t.name(), read, total, began);
                  });
              log.info("Bootstrap of {}: {}", name, done);
            },
            workers);
    String names = String.join("+", fresh.stream().map(ShadowRebuild.Target::name).toList());
    ShadowRebuild.Span span = rebuild.span(fresh.get(0).topic(), Map.of());
    boolean onlyEmpty = due.values().stream().allMatch("empty"::equals);
    if (onlyEmpty && span.total() < minEvents) {
      // The processors replay the log into the empty schemas, by this version of the rules.
      try (Connection c = dataSource.getConnection()) {
        for (ShadowRebuild.Target target : fresh) {
          ShadowRebuild.stamp(c, ProjectionProcessor.schemaOf(target.name()), target.version());
        }
      }
      log.info(
          "Projections {} start empty on a log of {} records (under {}): their processors replay it",
          names,
          span.total(),
          minEvents);
      return;
    }
    log.info(
        "Projections {} ({}): building them from {} log records with the bulk path",
        names,
        due.values(),
        span.total());
    List<String> built = fresh.stream().map(ShadowRebuild.Target::name).toList();
    try {
      for (ShadowRebuild.Result result : rebuild.build(fresh, Map.of())) {
        rebuild.swap(result.name());
        log.info(
            "Projection {} bootstrapped: {} events, {} dead letters, token at {}, in {} s",
            result.name(),
            result.events(),
            result.deadLetters(),
            result.position(),
            Duration.between(began, Instant.now()).toSeconds());
      }
    } catch (SQLException | RuntimeException | Error e) {
      for (String name : built) {
        try {
          rebuild.discard(name);
        } catch (SQLException | RuntimeException discard) {
          e.addSuppressed(discard);
        }
      }
      throw e;
    }
  }

  /** Removes the progress row of {@code node}, or every row (null): a swapped-in copy has none. */
  private void forget(String name, String node) {
    String table = ProjectionProcessor.schemaOf(name) + ".bootstrap";
    try {
      if (node == null) {
        jdbc.update("DELETE FROM " + table);
      } else {
        jdbc.update("DELETE FROM " + table + " WHERE node = ?", node);
      }
    } catch (RuntimeException e) {
      log.debug("Could not remove the bootstrap's progress of {}: {}", name, e.toString());
    }
  }

  /** Tells {@code suggestionsctl status} how far the build is; never fails the build. */
  private void report(String name, long read, long total, Instant began) {
    try {
      jdbc.update(
          "INSERT INTO "
              + ProjectionProcessor.schemaOf(name)
              + ".bootstrap (node, events_read, events, started_at, updated_at)"
              + " VALUES (?, ?, ?, ?, now()) ON CONFLICT (node) DO UPDATE SET"
              + " events_read = EXCLUDED.events_read, events = EXCLUDED.events,"
              + " updated_at = now()",
          node,
          read,
          total,
          Timestamp.from(began));
    } catch (RuntimeException e) {
      log.debug("Could not record the bootstrap's progress of {}: {}", name, e.toString());
    }
  }
}
