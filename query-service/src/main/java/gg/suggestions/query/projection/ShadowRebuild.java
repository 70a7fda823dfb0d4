package gg.suggestions.query.projection;

import gg.suggestions.eventstore.log.KafkaTrackingToken;
import gg.suggestions.eventstore.log.LogRecords;
import gg.suggestions.eventstore.log.UnreadableRecord;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionService;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.serialization.UnknownSerializedType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rebuilds a projection beside the live one: reads its topic with plain {@code read_committed}
 * consumers up to the end offsets taken at the start, folds the events in memory with the live
 * projection's own handlers, bulk-loads the result into {@code p_<name>_next} with the processor's
 * token at those offsets, then swaps the schemas in one transaction. Queries keep working
 * throughout; the live processor, finding its claim gone, continues from the rebuilt position.
 *
 * <p>The log is folded one partition at a time on each of a few workers: every aggregate, and every
 * row and count of a projection, belongs to one partition (the log is keyed by guild, or by member
 * for personal settings, and per-partition counts carry the partition), so a partition's rows are
 * complete once it is read, and are copied in and dropped from memory before the worker takes the
 * next. A partition of more events than a worker may hold ({@code eventsInMemory}) is folded in
 * several passes, each over the records of a share of its keys (a guild's or member's records are
 * all in one pass), and each pass's rows are copied in before the next: memory is bounded by that
 * budget, not by the log. Only the records of a pass's keys are decoded; a pass reads the others
 * and passes over them.
 */
public final class ShadowRebuild {

  private static final Logger log = LoggerFactory.getLogger(ShadowRebuild.class);

  /** How a schema's comment records the version of the rules it was built with. */
  private static final String VERSION_MARK = "suggestions projection, rules version ";

  /**
   * What to rebuild.
   *
   * @param handledTypes the payload types the live projection handles: only these reach the fold,
   *     as only these reach the live handlers
   * @param folds a fresh, empty fold of the projection, one per partition
   * @param version the version of the projection's rules, stamped on the copy
   */
  public record Target(
      String name,
      String topic,
      LogRecords records,
      Set<Class<?>> handledTypes,
      Supplier<ShadowFold> folds,
      int version) {}

  /** Where each partition's reading starts and must end. */
  public record Span(Map<Integer, Long> start, Map<Integer, Long> end) {

    public long total() {
      return end.entrySet().stream()
          .mapToLong(e -> Math.max(0, e.getValue() - start.getOrDefault(e.getKey(), 0L)))
          .sum();
    }

    /** How many records are left to read from {@code position} (next offset per partition). */
    public long remaining(Map<Integer, Long> position) {
      return end.entrySet().stream()
          .mapToLong(e -> Math.max(0, e.getValue() - position.getOrDefault(e.getKey(), 0L)))
          .sum();
    }
  }

  /** Told how far the reading is, about once a second and at the end. */
  @FunctionalInterface
  public interface Progress {
    void at(String name, Span span, Map<Integer, Long> position, long events, Duration elapsed);
  }

  /**
   * What a rebuild did.
   *
   * @param read how long reading, folding and copying in the log took (shared by the projections of
   *     one pass)
   * @param load how long finishing this projection's copy took: dead letters, indexes, token
   */
  public record Result(
      String name,
      long records,
      long events,
      long deadLetters,
      Map<Integer, Long> position,
      Duration read,
      Duration load) {}

  /**
   * What the folds of all projections of the event topic hold per event folded, measured on the
   * benchmarks' event mix (250 bytes), with room for mixes of more rows per event.
   */
  static final long HEAP_PER_EVENT = 400;

  private final Map<String, Object> kafka;
  private final DataSource dataSource;
  private final Progress progress;
  private final int workers;
  private final long eventsInMemory;

  /** A rebuild with one worker per core. */
  public ShadowRebuild(Map<String, Object> kafka, DataSource dataSource, Progress progress) {
    this(kafka, dataSource, progress, Runtime.getRuntime().availableProcessors());
  }

  /**
   * A rebuild whose folds take at most half of this JVM's heap: {@link #eventsInMemory(long, int)}.
   *
   * @param workers how many partitions are read and folded at once
   */
  public ShadowRebuild(
      Map<String, Object> kafka, DataSource dataSource, Progress progress, int workers) {
    this(
        kafka,
        dataSource,
        progress,
        workers,
        eventsInMemory(Runtime.getRuntime().maxMemory() / 2, workers));
  }

  /**
   * @param workers how many partitions are read and folded at once
   * @param eventsInMemory how many events of a partition a worker folds in memory at once, at most
   *     (give or take the spread of events over keys): the memory budget
   */
  public ShadowRebuild(
      Map<String, Object> kafka,
      DataSource dataSource,
      Progress progress,
      int workers,
      long eventsInMemory) {
    if (workers < 1) {
      throw new IllegalArgumentException("A rebuild needs 1 worker or more, not " + workers);
    }
    if (eventsInMemory < 1) {
      throw new IllegalArgumentException(
          "A rebuild needs to hold 1 event or more in memory, not " + eventsInMemory);
    }
    this.kafka = kafka;
    this.dataSource = dataSource;
    this.progress = progress;
    this.workers = workers;
    this.eventsInMemory = eventsInMemory;
  }

  /** How many events each of {@code workers} may fold at once within {@code bytes} of heap. */
  public static long eventsInMemory(long bytes, int workers) {
    return Math.max(10_000, bytes / workers / HEAP_PER_EVENT);
  }

  /** The copy's schema. */
  public static String shadowOf(String name) {
    return ProjectionProcessor.schemaOf(name) + "_next";
  }

  /**
   * Builds the projections of one topic in their shadow schemas in one pass over it, from {@code
   * start} (per partition; a partition not named starts at the beginning) to the end offsets of
   * now: each record is read and decoded once and folded into every target.
   */
  public List<Result> build(List<Target> targets, Map<Integer, Long> start) throws SQLException {
    return build(targets, start, Map.of());
  }

  /**
   * As {@link #build(List, Map)}, ending each partition named in {@code until} at that offset if it
   * is before the end (a restore checked against the events a copy of the log holds).
   */
  public List<Result> build(
      List<Target> targets, Map<Integer, Long> start, Map<Integer, Long> until)
      throws SQLException {
    String topic = targets.get(0).topic();
    if (targets.stream().anyMatch(t -> !t.topic().equals(topic))) {
      throw new IllegalArgumentException("One pass reads one topic; these read several");
    }
    String name = String.join("+", targets.stream().map(Target::name).toList());
    List<TopicPartition> partitions;
    Span span;
    try (Consumer<String, byte[]> consumer = consumer()) {
      partitions = partitionsOf(consumer, topic);
      Span all = span(consumer, partitions, start);
      Map<Integer, Long> end = new HashMap<>(all.end());
      until.forEach(
          (partition, offset) -> end.computeIfPresent(partition, (p, o) -> Math.min(o, offset)));
      span = new Span(all.start(), end);
    }
    // The copies are created first, without indexes: each partition's rows go in once folded.
    Map<String, List<String>> indexes = new LinkedHashMap<>();
    for (Target target : targets) {
      indexes.put(target.name(), prepare(target));
    }
    Reading reading = new Reading(span);
    long began = System.nanoTime();
    List<Folded> folded = new ArrayList<>();
    ExecutorService pool =
        Executors.newFixedThreadPool(
            Math.max(1, Math.min(workers, partitions.size())),
            task -> {
              Thread thread = new Thread(task, "rebuild-" + name);
              thread.setDaemon(true);
              return thread;
            });
    AtomicBoolean cancelled = new AtomicBoolean();
    CompletionService<Folded> done = new ExecutorCompletionService<>(pool);
    try {
      for (TopicPartition partition : partitions) {
        done.submit(() -> fold(targets, partition, span, reading, cancelled));
      }
      // In the order they finish: the first failure surfaces at once.
      while (folded.size() < partitions.size()) {
        Future<Folded> partition = done.poll(1, TimeUnit.SECONDS);
        if (partition == null) {
          progress.at(name, span, reading.positions(), reading.events(), since(began));
        } else {
          folded.add(partition.get());
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Rebuild of " + name + " interrupted", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof SQLException sql) {
        throw sql;
      }
      if (e.getCause() instanceof RuntimeException runtime) {
        throw runtime;
      }
      throw new IllegalStateException("Rebuild of " + name + " failed: " + e.getCause(), e);
    } finally {
      cancelled.set(true);
      pool.shutdownNow();
      awaitWorkers(pool, name);
    }
    Duration read = since(began);
    long records = folded.stream().mapToLong(Folded::records).sum();
    long events = folded.stream().mapToLong(Folded::events).sum();
    progress.at(name, span, span.end(), events, read);
    log.info(
        "Rebuild of {} read, folded and copied in {} records in {} s on {} workers",
        name,
        records,
        read.toMillis() / 1000.0,
        Math.min(workers, partitions.size()));
    List<Result> results = new ArrayList<>();
    for (int t = 0; t < targets.size(); t++) {
      Target target = targets.get(t);
      Map<String, Object[]> deadLetters = new LinkedHashMap<>();
      for (Folded partition : folded) {
        deadLetters.putAll(partition.deadLetters().get(t));
      }
      long loading = System.nanoTime();
      finish(target, indexes.get(target.name()), deadLetters, span.end());
      results.add(
          new Result(
              target.name(),
              records,
              events,
              deadLetters.size(),
              span.end(),
              read,
              since(loading)));
    }
    return results;
  }

  /**
   * Waits for the workers of a rebuild that ended: none may still write into a copy that the caller
   * drops, or that another rebuild creates under the same name once this one gave up. A COPY under
   * way does not stop on an interrupt, so this can take as long as one partition's load.
   */
  private static void awaitWorkers(ExecutorService pool, String name) {
    boolean interrupted = Thread.interrupted();
    try {
      while (!pool.awaitTermination(10, TimeUnit.SECONDS)) {
        log.warn("Rebuild of {}: waiting for its workers to finish their current load", name);
      }
    } catch (InterruptedException e) {
      interrupted = true;
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** How far the workers are: each partition's position and the events folded so far. */
  private static final class Reading {
    private final Map<Integer, Long> positions;
    private final AtomicLong events = new AtomicLong();

    Reading(Span span) {
      this.positions = new ConcurrentHashMap<>(span.start());
    }

    Map<Integer, Long> positions() {
      return Map.copyOf(positions);
    }

    long events() {
      return events.get();
    }
  }

  /** What folding one partition left: its counts and, per target, its dead letters. */
  private record Folded(long records, long events, List<Map<String, Object[]>> deadLetters) {}

  /**
   * Reads one partition from its start to its end and folds it, in as many passes as its size needs
   * ({@link #passes}); each pass folds the records of its share of the keys into a fresh fold per
   * target and copies the rows into the targets' copies, then drops them.
   */
  private Folded fold(
      List<Target> targets,
      TopicPartition partition,
      Span span,
      Reading reading,
      AtomicBoolean cancelled)
      throws SQLException {
    int p = partition.partition();
    long from = span.start().getOrDefault(p, 0L);
    long end = span.end().getOrDefault(p, 0L);
    int passes = passes(end - from);
    if (passes > 1) {
      log.info(
          "Rebuild folds partition {} ({} records) in {} passes of at most about {} events",
          p,
          end - from,
          passes,
          eventsInMemory);
    }
    List<Map<String, Object[]>> dead = new ArrayList<>();
    targets.forEach(t -> dead.add(new LinkedHashMap<>()));
    long records = 0;
    long events = 0;
    try (Consumer<String, byte[]> consumer = from < end ? consumer() : null) {
      for (int pass = 0; pass < passes; pass++) {
        List<ShadowFold> folds = targets.stream().map(t -> t.folds().get()).toList();
        long reported = events;
        if (consumer != null) {
          consumer.assign(List.of(partition));
          consumer.seek(partition, from);
          KafkaTrackingToken start = KafkaTrackingToken.of(span.start());
          while (consumer.position(partition) < end && !cancelled.get()) {
            for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
              if (record.offset() >= end || passOf(record.key(), passes) != pass) {
                continue;
              }
              records++;
              KafkaTrackingToken position = start.advancedTo(p, record.offset());
              // Never throws: a record that is no envelope becomes a message the folds
              // dead-letter.
              for (TrackedEventMessage<?> message :
                  targets.get(0).records().read(record, position)) {
                events++;
                String refusal = DeadLetters.refusal(message);
                for (int t = 0; t < targets.size(); t++) {
                  fold(targets.get(t), folds.get(t), message, refusal, dead.get(t));
                }
              }
            }
            // Progress over all passes: each pass is an equal share of the partition.
            long read = Math.min(end, consumer.position(partition)) - from;
            reading.positions.put(p, from + ((end - from) * pass + read) / passes);
            reading.events.addAndGet(events - reported);
            reported = events;
          }
        }
        if (cancelled.get()) {
          throw new IllegalStateException("Rebuild cancelled: another partition failed");
        }
        copyIn(targets, folds);
      }
    }
    return new Folded(records, events, dead);
  }

  /** How many passes fold {@code records} records within the memory budget. */
  int passes(long records) {
    return (int) Math.min(1_024, Math.max(1, (records + eventsInMemory - 1) / eventsInMemory));
  }

  /**
   * The pass that folds the records of {@code key}: all records of one key (a guild, or a member)
   * in the same pass, as all records of one aggregate are in the same partition.
   */
  static int passOf(String key, int passes) {
    return passes == 1 || key == null ? 0 : Math.floorMod(key.hashCode(), passes);
  }

  /**
   * What a build of {@code topic} from {@code start} would read now: from there (or each
   * partition's beginning) to the end offsets.
   */
  public Span span(String topic, Map<Integer, Long> start) {
    try (Consumer<String, byte[]> consumer = consumer()) {
      return span(consumer, partitionsOf(consumer, topic), start);
    }
  }

  private static List<TopicPartition> partitionsOf(
      Consumer<String, byte[]> consumer, String topic) {
    return consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
        .map(p -> new TopicPartition(p.topic(), p.partition()))
        .toList();
  }

  /**
   * Records that {@code schema} holds a projection built with version {@code version} of its rules.
   */
  static void stamp(Connection c, String schema, int version) throws SQLException {
    try (var statement = c.createStatement()) {
      statement.execute(
          "COMMENT ON SCHEMA " + schema + " IS '" + VERSION_MARK + Integer.toString(version) + "'");
    }
  }

  /**
   * The version of the rules {@code schema} was built with: 1 for a schema never stamped (built
   * before versions were recorded, or by a processor from an empty schema).
   */
  static int versionOf(Connection c, String schema) throws SQLException {
    try (var query =
        c.prepareStatement(
            "SELECT obj_description(oid, 'pg_namespace') FROM pg_namespace WHERE nspname = ?")) {
      query.setString(1, schema);
      try (var rows = query.executeQuery()) {
        String comment = rows.next() ? rows.getString(1) : null;
        if (comment == null || !comment.startsWith(VERSION_MARK)) {
          return 1;
        }
        try {
          return Integer.parseInt(comment.substring(VERSION_MARK.length()));
        } catch (NumberFormatException e) {
          return 1;
        }
      }
    }
  }

  /** Makes the shadow copy the live projection, in one transaction. */
  public void swap(String name) throws SQLException {
    String live = ProjectionProcessor.schemaOf(name);
    String old = live + "_old";
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(false);
      try (var statement = c.createStatement()) {
        statement.execute("DROP SCHEMA IF EXISTS " + old + " CASCADE");
        if (exists(c, live)) {
          statement.execute("ALTER SCHEMA " + live + " RENAME TO " + old);
        }
        statement.execute("ALTER SCHEMA " + shadowOf(name) + " RENAME TO " + live);
        statement.execute("DROP SCHEMA IF EXISTS " + old + " CASCADE");
      }
      c.commit();
    }
    log.info("Projection {} now serves its rebuilt copy", name);
  }

  private static boolean exists(Connection c, String schema) throws SQLException {
    try (var query = c.prepareStatement("SELECT 1 FROM pg_namespace WHERE nspname = ?")) {
      query.setString(1, schema);
      try (var rows = query.executeQuery()) {
        return rows.next();
      }
    }
  }

  /** Drops a shadow copy that will not be swapped in. */
  public void discard(String name) throws SQLException {
    try (Connection c = dataSource.getConnection();
        var statement = c.createStatement()) {
      statement.execute("DROP SCHEMA IF EXISTS " + shadowOf(name) + " CASCADE");
    }
  }

  /** Folds one message the way the live processor would handle it, dead letters included. */
  private static void fold(
      Target target,
      ShadowFold fold,
      TrackedEventMessage<?> message,
      String refusal,
      Map<String, Object[]> dead) {
    Class<?> type = message.getPayloadType();
    boolean everyProjection =
        UnknownSerializedType.class.equals(type) || UnreadableRecord.class.equals(type);
    if (!everyProjection && !target.handledTypes().contains(type)) {
      return;
    }
    if (refusal == null) {
      try {
        fold.apply(message);
        return;
      } catch (RuntimeException e) {
        refusal = DeadLetters.describe(e);
      }
    }
    Object[] row = DeadLetters.row(message, refusal);
    if (dead.putIfAbsent((String) row[0], row) == null) {
      log.error("Rebuild of {} dead-letters {}: {}", target.name(), row[0], row[8]);
    }
  }

  /** Creates the target's empty copy without its indexes; returns the statements that add them. */
  private List<String> prepare(Target target) throws SQLException {
    String shadow = shadowOf(target.name());
    try (Connection c = dataSource.getConnection();
        var statement = c.createStatement()) {
      statement.execute("DROP SCHEMA IF EXISTS " + shadow + " CASCADE");
    }
    ProjectionProcessor.migrate(dataSource, target.name(), shadow);
    try (Connection c = dataSource.getConnection()) {
      // Indexes are built once over the loaded rows, not row by row during the load.
      return dropIndexes(c, shadow);
    }
  }

  /** Copies one partition's folded rows into the targets' copies, in one transaction. */
  private void copyIn(List<Target> targets, List<ShadowFold> folds) throws SQLException {
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(false);
      asynchronous(c);
      for (int t = 0; t < targets.size(); t++) {
        folds.get(t).copyInto(c, shadowOf(targets.get(t).name()));
      }
      c.commit();
    }
  }

  /**
   * The copy is not live until the swap, whose commit is synchronous and comes later in the WAL: if
   * this transaction's commit were lost, the swap would be too.
   */
  private static void asynchronous(Connection c) throws SQLException {
    try (var statement = c.createStatement()) {
      statement.execute("SET LOCAL synchronous_commit = off");
    }
  }

  /**
   * Adds the dead letters and indexes to the target's loaded copy, and its token at {@code end}.
   */
  private void finish(
      Target target,
      List<String> indexes,
      Map<String, Object[]> deadLetters,
      Map<Integer, Long> end)
      throws SQLException {
    String shadow = shadowOf(target.name());
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(false);
      asynchronous(c);
      CsvCopy.copy(c, shadow + ".dead_letter", DeadLetters.COLUMNS, deadLetters.values().stream());
      try (var statement = c.createStatement()) {
        statement.execute("SET LOCAL maintenance_work_mem = '256MB'");
      }
      for (String index : indexes) {
        addIndex(c, target, shadow, index);
      }
      stamp(c, shadow, target.version());
      c.commit();
    }
    ProjectionProcessor.tokenStore(shadow, dataSource)
        .initializeTokenSegments(target.name(), 1, KafkaTrackingToken.of(end));
  }

  /**
   * Adds a primary key, unique constraint or index. Partitions, and the passes of a large one, are
   * folded apart, so rows of one key folded apart (a partition's counts from several passes; an
   * aggregate whose records are on two partitions or under two keys, which only a misrouted or
   * hostile record makes) are all loaded: such a key is merged as the projection's tables say (the
   * row with the highest sequence, or the sum of counts), then the key is added.
   */
  private static void addIndex(Connection c, Target target, String shadow, String index)
      throws SQLException {
    var savepoint = c.setSavepoint();
    try (var statement = c.createStatement()) {
      statement.execute(index);
      return;
    } catch (SQLException e) {
      if (!"23505".equals(e.getSQLState())) {
        throw e;
      }
      c.rollback(savepoint);
    }
    String table = index.replaceFirst("(?s)^ALTER TABLE " + shadow + "\\.(\\w+) .*$", "$1");
    String merge =
        target
            .folds()
            .get()
            .deduplication(shadow, table)
            .orElseThrow(() -> new SQLException("Duplicate keys in " + shadow + "." + table));
    try (var statement = c.createStatement()) {
      int merged = statement.executeUpdate(merge);
      log.warn(
          "Rebuild of {}: {} rows of {} shared a key with rows folded apart (counts of a partition"
              + " folded in several passes, or records of one aggregate on several partitions);"
              + " merged",
          target.name(),
          merged,
          table);
      statement.execute(index);
    }
  }

  /**
   * Drops the primary keys, unique constraints and indexes of the projection's own tables in {@code
   * schema}; returns the statements that create them again.
   */
  private static List<String> dropIndexes(Connection c, String schema) throws SQLException {
    List<String> drops = new ArrayList<>();
    List<String> creates = new ArrayList<>();
    String own =
        " AND t.relname NOT IN ("
            + String.join(
                ", ", ProjectionTables.BOOKKEEPING.stream().map(t -> "'" + t + "'").toList())
            + ")";
    try (var constraints =
        c.prepareStatement(
            "SELECT t.relname, k.conname, pg_get_constraintdef(k.oid) FROM pg_constraint k"
                + " JOIN pg_class t ON t.oid = k.conrelid"
                + " WHERE t.relnamespace = ?::regnamespace AND k.contype IN ('p', 'u')"
                + own)) {
      constraints.setString(1, schema);
      try (var rows = constraints.executeQuery()) {
        while (rows.next()) {
          String table = schema + "." + rows.getString(1);
          drops.add("ALTER TABLE " + table + " DROP CONSTRAINT " + rows.getString(2));
          creates.add(
              "ALTER TABLE "
                  + table
                  + " ADD CONSTRAINT "
                  + rows.getString(2)
                  + " "
                  + rows.getString(3));
        }
      }
    }
    try (var indexes =
        c.prepareStatement(
            "SELECT i.relname, pg_get_indexdef(x.indexrelid) FROM pg_index x"
                + " JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_class t ON t.oid = x.indrelid"
                + " WHERE t.relnamespace = ?::regnamespace"
                + " AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = x.indexrelid)"
                + own)) {
      indexes.setString(1, schema);
      try (var rows = indexes.executeQuery()) {
        while (rows.next()) {
          drops.add("DROP INDEX " + schema + "." + rows.getString(1));
          creates.add(rows.getString(2));
        }
      }
    }
    try (var statement = c.createStatement()) {
      for (String drop : drops) {
        statement.execute(drop);
      }
    }
    return creates;
  }

  private static Span span(
      Consumer<String, byte[]> consumer, List<TopicPartition> partitions, Map<Integer, Long> from) {
    Map<Integer, Long> start = new HashMap<>();
    Map<Integer, Long> end = new HashMap<>();
    consumer.beginningOffsets(partitions).forEach((tp, o) -> start.put(tp.partition(), o));
    consumer.endOffsets(partitions).forEach((tp, o) -> end.put(tp.partition(), o));
    from.forEach((partition, offset) -> start.merge(partition, offset, Math::max));
    return new Span(start, end);
  }

  private static Duration since(long began) {
    return Duration.ofNanos(System.nanoTime() - began);
  }

  private Consumer<String, byte[]> consumer() {
    Map<String, Object> config = new HashMap<>(kafka);
    // Only committed events: the end offsets are the last stable offsets.
    config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    // Large polls: the rebuild reads the log as fast as the broker sends it.
    config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5_000);
    config.put(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, 64 * 1024 * 1024);
    config.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 8 * 1024 * 1024);
    return new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer());
  }
}
