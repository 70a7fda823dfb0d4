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
 * Rebuilds a projection beside the live one: reads its topic with a plain {@code read_committed}
 * consumer up to the end offsets taken at the start, folds the events in memory with the live
 * handlers' transitions, bulk-loads the result into {@code p_<name>_next} with the processor's
 * token at those offsets, then swaps the schemas in one transaction. Queries keep working
 * throughout; the live processor, finding its claim gone, continues from the rebuilt position.
 */
public final class ShadowRebuild {

  private static final Logger log = LoggerFactory.getLogger(ShadowRebuild.class);

  /**
   * What to rebuild.
   *
   * @param handledTypes the payload types the live projection handles: only these reach the fold,
   *     as only these reach the live handlers
   */
  public record Target(
      String name, String topic, LogRecords records, Set<Class<?>> handledTypes, ShadowFold fold) {}

  /** Where each partition's reading starts and must end. */
  public record Span(Map<Integer, Long> start, Map<Integer, Long> end) {

    public long total() {
      return end.entrySet().stream()
          .mapToLong(e -> Math.max(0, e.getValue() - start.getOrDefault(e.getKey(), 0L)))
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
   * @param read how long reading and folding the log took (shared by the projections of one pass)
   * @param load how long loading this projection's copy took
   */
  public record Result(
      String name,
      long records,
      long events,
      long deadLetters,
      Map<Integer, Long> position,
      Duration read,
      Duration load) {}

  private final Map<String, Object> kafka;
  private final DataSource dataSource;
  private final Progress progress;

  public ShadowRebuild(Map<String, Object> kafka, DataSource dataSource, Progress progress) {
    this.kafka = kafka;
    this.dataSource = dataSource;
    this.progress = progress;
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
    String topic = targets.get(0).topic();
    if (targets.stream().anyMatch(t -> !t.topic().equals(topic))) {
      throw new IllegalArgumentException("One pass reads one topic; these read several");
    }
    String name = String.join("+", targets.stream().map(Target::name).toList());
    List<Map<String, Object[]>> deadLetters = new ArrayList<>();
    targets.forEach(t -> deadLetters.add(new LinkedHashMap<>()));
    long records = 0;
    long events = 0;
    Span span;
    Duration read;
    long waiting = 0;
    try (Consumer<String, byte[]> consumer = consumer()) {
      List<TopicPartition> partitions = partitionsOf(consumer, topic);
      span = span(consumer, partitions, start);
      consumer.assign(partitions);
      partitions.forEach(tp -> consumer.seek(tp, span.start().get(tp.partition())));
      KafkaTrackingToken position = KafkaTrackingToken.of(span.start());
      long began = System.nanoTime();
      long reported = began;
      while (!reached(consumer, partitions, span)) {
        List<Positioned> polled = new ArrayList<>();
        long polling = System.nanoTime();
        var batch = consumer.poll(Duration.ofMillis(200));
        waiting += System.nanoTime() - polling;
        for (ConsumerRecord<String, byte[]> record : batch) {
          if (record.offset() < span.end().get(record.partition())) {
            position = position.advancedTo(record.partition(), record.offset());
            polled.add(new Positioned(record, position));
          }
        }
        records += polled.size();
        // Decoding is most of the work and needs no order: it runs on every core. Folding then
        // takes the messages in log order.
        List<List<Decoded>> decoded =
            polled.parallelStream().map(p -> decoded(targets.get(0), p)).toList();
        for (List<Decoded> messages : decoded) {
          for (Decoded message : messages) {
            events++;
            for (int t = 0; t < targets.size(); t++) {
              fold(targets.get(t), message, deadLetters.get(t));
            }
          }
        }
        if (System.nanoTime() - reported > 1_000_000_000L) {
          reported = System.nanoTime();
          progress.at(name, span, positions(consumer, partitions), events, since(began));
        }
      }
      progress.at(name, span, span.end(), events, since(began));
      read = since(began);
      log.info(
          "Rebuild of {} read {} records in {} s: {} s waiting for the log, the rest decoding and"
              + " folding",
          name,
          records,
          read.toMillis() / 1000.0,
          waiting / 1_000_000 / 1000.0);
    }
    List<Result> results = new ArrayList<>();
    for (int t = 0; t < targets.size(); t++) {
      Target target = targets.get(t);
      long loading = System.nanoTime();
      load(target, shadowOf(target.name()), deadLetters.get(t), span.end());
      results.add(
          new Result(
              target.name(),
              records,
              events,
              deadLetters.get(t).size(),
              span.end(),
              read,
              since(loading)));
    }
    return results;
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

  private record Positioned(ConsumerRecord<String, byte[]> record, KafkaTrackingToken position) {}

  /** A message with its payload read and whether every projection refuses it, or null. */
  private record Decoded(TrackedEventMessage<?> message, String refusal) {}

  /**
   * The record's messages with their payloads read and their refusal decided, once for every target
   * and on every core, so folding does no parsing or checking.
   */
  private List<Decoded> decoded(Target target, Positioned positioned) {
    List<Decoded> decoded = new ArrayList<>();
    for (TrackedEventMessage<?> message :
        messages(target, positioned.record(), positioned.position())) {
      decoded.add(new Decoded(message, DeadLetters.refusal(message)));
    }
    return decoded;
  }

  private List<TrackedEventMessage<?>> messages(
      Target target, ConsumerRecord<String, byte[]> record, KafkaTrackingToken position) {
    // Never throws: a record that is no envelope becomes a message the fold dead-letters.
    return target.records().read(record, position);
  }

  /** Folds one message the way the live processor would handle it, dead letters included. */
  private static void fold(Target target, Decoded decoded, Map<String, Object[]> dead) {
    TrackedEventMessage<?> message = decoded.message();
    Class<?> type = message.getPayloadType();
    boolean everyProjection =
        UnknownSerializedType.class.equals(type) || UnreadableRecord.class.equals(type);
    if (!everyProjection && !target.handledTypes().contains(type)) {
      return;
    }
    String refusal = decoded.refusal();
    if (refusal == null) {
      try {
        target.fold().apply(message);
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

  private void load(
      Target target, String shadow, Map<String, Object[]> deadLetters, Map<Integer, Long> end)
      throws SQLException {
    try (Connection c = dataSource.getConnection();
        var statement = c.createStatement()) {
      statement.execute("DROP SCHEMA IF EXISTS " + shadow + " CASCADE");
    }
    ProjectionProcessor.migrate(dataSource, target.name(), shadow);
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(false);
      try (var statement = c.createStatement()) {
        // The copy is not live until the swap, whose commit is synchronous and comes later in
        // the WAL: if this commit were lost, the swap would be too.
        statement.execute("SET LOCAL synchronous_commit = off");
      }
      // Indexes are built once over the loaded rows, not row by row during the load.
      List<String> indexes = dropIndexes(c, shadow);
      target.fold().copyInto(c, shadow);
      CsvCopy.copy(c, shadow + ".dead_letter", DeadLetters.COLUMNS, deadLetters.values().stream());
      try (var statement = c.createStatement()) {
        statement.execute("SET LOCAL maintenance_work_mem = '256MB'");
        for (String index : indexes) {
          statement.execute(index);
        }
      }
      c.commit();
    }
    ProjectionProcessor.tokenStore(shadow, dataSource)
        .initializeTokenSegments(target.name(), 1, KafkaTrackingToken.of(end));
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

  private static boolean reached(
      Consumer<String, byte[]> consumer, List<TopicPartition> partitions, Span span) {
    return partitions.stream()
        .allMatch(tp -> consumer.position(tp) >= span.end().get(tp.partition()));
  }

  private static Map<Integer, Long> positions(
      Consumer<String, byte[]> consumer, List<TopicPartition> partitions) {
    Map<Integer, Long> positions = new HashMap<>();
    partitions.forEach(tp -> positions.put(tp.partition(), consumer.position(tp)));
    return positions;
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
