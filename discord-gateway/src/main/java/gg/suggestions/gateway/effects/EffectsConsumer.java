package gg.suggestions.gateway.effects;

import gg.suggestions.eventstore.deadletter.SafeText;
import gg.suggestions.eventstore.envelope.EventEnvelope;
import gg.suggestions.eventstore.retry.RetryLog;
import gg.suggestions.eventstore.topic.SuggestionTopics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads committed events in its own consumer group and carries out their {@link Effects}, one
 * thread, in log order per guild.
 *
 * <ul>
 *   <li>A new group starts at the end of the log: effects never replay history.
 *   <li>An offset is committed only once its event's effects are done, and not past a message
 *       change still waiting to be shown, so a restart repeats unfinished effects (each is safe to
 *       repeat) and loses none.
 *   <li>Message changes (votes, notes) are coalesced: a message is edited at most once per {@code
 *       editInterval}, from the latest state, so the final counts are always shown.
 *   <li>A transient failure (Discord or the query API) rewinds that partition to the failed event
 *       and retries it after a pause that doubles up to 30 s; Discord's own 429 pacing is JDA's.
 *       The first failure is logged with its stack trace, then one line at attempts 2, 4, 8, …
 *       ({@link RetryLog}).
 *   <li>A record no effect can use (no envelope, an id no call can carry, an effect that fails with
 *       an exception of bad data) is logged once, as one line with its place, and skipped.
 * </ul>
 */
public final class EffectsConsumer implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(EffectsConsumer.class);
  private static final Duration MAX_PAUSE = Duration.ofSeconds(30);

  private final Consumer<String, byte[]> consumer;
  private final Effects effects;
  private final Duration editInterval;
  private final Clock clock;
  private final EffectRecords records = new EffectRecords();
  private final Map<TopicPartition, RetryLog> retries = new HashMap<>();
  private final RetryLog edits = new RetryLog(log, "Editing suggestion messages");

  /** Changes waiting to be shown, oldest first, with the first offset that asked for each. */
  private final Map<Effects.Change, Waiting> waiting = new LinkedHashMap<>();

  private final Map<String, Instant> lastEdit = new HashMap<>();
  private final Thread thread;
  private volatile boolean running = true;
  private Duration pause = Duration.ZERO;
  private final Counter retried;
  private final Counter editsRetried;
  private final Counter skipped;
  private final Counter refusedByDiscord;
  private final MultiGauge backlog;
  private long backlogSampledAt;

  private record Waiting(Effects.Change change, TopicPartition partition, long offset) {}

  public EffectsConsumer(
      String bootstrapServers,
      String groupId,
      Effects effects,
      Duration editInterval,
      Clock clock,
      MeterRegistry meters) {
    this(consumer(bootstrapServers, groupId), effects, editInterval, clock, meters);
  }

  EffectsConsumer(
      Consumer<String, byte[]> consumer,
      Effects effects,
      Duration editInterval,
      Clock clock,
      MeterRegistry meters) {
    this.retried = effectCounter(meters, "suggestions.effects.retries", "what", "event");
    this.editsRetried = effectCounter(meters, "suggestions.effects.retries", "what", "edit");
    this.skipped = effectCounter(meters, "suggestions.effects.skipped", "reason", "unusable");
    this.refusedByDiscord =
        effectCounter(meters, "suggestions.effects.skipped", "reason", "refused_by_discord");
    Gauge.builder("suggestions.effects.pending.edits", waiting, Map::size)
        .description("Suggestion messages waiting for their next edit")
        .register(meters);
    this.backlog =
        MultiGauge.builder("suggestions.effects.backlog")
            .description("Committed events whose effects are not carried out yet, per partition")
            .register(meters);
    this.effects = effects;
    this.editInterval = editInterval;
    this.clock = clock;
    this.consumer = consumer;
    consumer.subscribe(Set.of(SuggestionTopics.EVENTS));
    this.thread = new Thread(this::run, "discord-effects");
    thread.setDaemon(true);
  }

  /**
   * Joins the group and fixes where it starts before returning, so every event committed after this
   * returns has its effects; then consumes on its own thread.
   *
   * @throws IllegalStateException if the group could not be joined within {@code timeout}
   */
  public void start(Duration timeout) {
    Instant deadline = clock.instant().plus(timeout);
    Map<TopicPartition, Long> first = new HashMap<>();
    while (consumer.assignment().isEmpty()) {
      if (clock.instant().isAfter(deadline)) {
        consumer.close(Duration.ofSeconds(5));
        throw new IllegalStateException(
            "The effects consumer could not join its group within " + timeout);
      }
      for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(100))) {
        first.merge(
            new TopicPartition(record.topic(), record.partition()), record.offset(), Math::min);
      }
    }
    // Records that came with the assignment are handled by the loop, not skipped.
    first.forEach(consumer::seek);
    commit();
    thread.start();
  }

  private void run() {
    try {
      while (running) {
        backOff(pollOnce());
      }
    } catch (WakeupException stopping) {
      // close() woke the consumer up.
    } catch (RuntimeException e) {
      log.error("The Discord effects consumer stopped", e);
    } finally {
      consumer.close(Duration.ofSeconds(5));
    }
  }

  /** Polls, carries out the effects and commits; true if something must be tried again. */
  boolean pollOnce() {
    boolean failed = false;
    Set<TopicPartition> rewound = new HashSet<>();
    for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
      TopicPartition partition = new TopicPartition(record.topic(), record.partition());
      if (rewound.contains(partition)) {
        continue;
      }
      if (!handle(record, partition)) {
        consumer.seek(partition, record.offset());
        rewound.add(partition);
        failed = true;
      }
    }
    failed |= !showDueChanges();
    commit();
    sampleBacklog();
    return failed;
  }

  private static Counter effectCounter(
      MeterRegistry meters, String name, String tag, String value) {
    return Counter.builder(name)
        .description(
            name.endsWith("retries")
                ? "Effects that failed for a transient reason and are tried again"
                : "Effects not carried out: unusable records, or refused by Discord")
        .tag(tag, value)
        .register(meters);
  }

  /**
   * The backlog of every assigned partition: its last committed event less this consumer's
   * position, every 5 s. One short call to the brokers; a broker that does not answer leaves the
   * last sample.
   */
  private void sampleBacklog() {
    long now = System.nanoTime();
    if (now - backlogSampledAt < 5_000_000_000L || consumer.assignment().isEmpty()) {
      return;
    }
    backlogSampledAt = now;
    List<MultiGauge.Row<?>> rows = new ArrayList<>();
    try {
      consumer
          .endOffsets(consumer.assignment(), Duration.ofSeconds(2))
          .forEach(
              (partition, end) ->
                  rows.add(
                      MultiGauge.Row.of(
                          Tags.of("partition", Integer.toString(partition.partition())),
                          Math.max(0, end - consumer.position(partition, Duration.ofSeconds(2))))));
    } catch (RuntimeException e) {
      log.debug("Could not sample the effects backlog: {}", e.toString());
      return;
    }
    backlog.register(rows, true);
  }

  /** Carries out one event's effects; false if they must be tried again. */
  private boolean handle(ConsumerRecord<String, byte[]> record, TopicPartition partition) {
    EffectRecords.Read read;
    try {
      read = records.read(record);
    } catch (EffectRecords.Unusable unusable) {
      skipped.increment();
      skip(record, unusable.eventId, unusable.getMessage());
      return true;
    }
    RetryLog retry = retries.computeIfAbsent(partition, p -> new RetryLog(log, "Effects of " + p));
    try {
      for (Object payload : read.payloads()) {
        effects.apply(read.event(), payload).ifPresent(c -> waitFor(c, partition, record.offset()));
      }
    } catch (DiscordActions.PermanentFailure refused) {
      refusedByDiscord.increment();
      refused(read.event(), refused);
    } catch (RuntimeException failure) {
      if (!EffectRecords.isRecordFault(failure)) {
        retried.increment();
        retry.failed("offset " + record.offset() + " (event " + read.eventId() + ")", failure);
        return false;
      }
      skipped.increment();
      skip(record, read.eventId(), RetryLog.reason(failure));
    }
    retry.passed();
    return true;
  }

  private static void skip(ConsumerRecord<String, byte[]> record, String eventId, String reason) {
    log.warn(
        "Skipping a record no effect can use: {}-{} offset {} (event {}): {}",
        record.topic(),
        record.partition(),
        record.offset(),
        eventId == null ? "unknown" : eventId,
        reason);
  }

  private static void refused(EventEnvelope event, DiscordActions.PermanentFailure refused) {
    log.warn(
        "Discord refused an effect of {} {} in guild {} (event {}, command {}): {}",
        event.type(),
        event.aggregateId(),
        event.guildId(),
        SafeText.printable(event.eventId(), 80),
        SafeText.printable(event.metadata().commandId(), 80),
        refused.getMessage());
  }

  /** Keeps the newest sequence per suggestion and the oldest offset that is not shown yet. */
  private void waitFor(Effects.Change change, TopicPartition partition, long offset) {
    Effects.Change key = new Effects.Change(change.guildId(), change.suggestionId(), 0);
    Waiting earlier = waiting.remove(key);
    long since = earlier == null ? offset : earlier.offset();
    long sequence = Math.max(change.sequence(), earlier == null ? -1 : earlier.change().sequence());
    waiting.put(
        key,
        new Waiting(
            new Effects.Change(change.guildId(), change.suggestionId(), sequence),
            partition,
            since));
  }

  /** Edits every message whose interval has passed; false if one failed. */
  private boolean showDueChanges() {
    Instant now = clock.instant();
    for (Iterator<Waiting> it = waiting.values().iterator(); it.hasNext(); ) {
      Waiting next = it.next();
      String message = next.change().guildId() + "/" + next.change().suggestionId();
      Instant last = lastEdit.get(message);
      if (last != null && last.plus(editInterval).isAfter(now)) {
        continue;
      }
      try {
        effects.show(next.change());
      } catch (DiscordActions.PermanentFailure refused) {
        log.warn("Discord refused to edit the message of {}: {}", message, refused.getMessage());
      } catch (RuntimeException failure) {
        if (!EffectRecords.isRecordFault(failure)) {
          editsRetried.increment();
          edits.failed("the message of " + message, failure);
          return false;
        }
        log.warn("Not editing the message of {}: {}", message, RetryLog.reason(failure));
      }
      edits.passed();
      lastEdit.put(message, now);
      it.remove();
    }
    lastEdit.values().removeIf(at -> at.plus(editInterval).isBefore(now));
    return true;
  }

  /** Commits each partition's position, but not past a change that is not shown yet. */
  private void commit() {
    Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
    for (TopicPartition partition : consumer.assignment()) {
      long position = consumer.position(partition);
      for (Waiting w : waiting.values()) {
        if (w.partition().equals(partition)) {
          position = Math.min(position, w.offset());
        }
      }
      offsets.put(partition, new OffsetAndMetadata(position));
    }
    if (!offsets.isEmpty()) {
      consumer.commitSync(offsets);
    }
  }

  private void backOff(boolean failed) {
    if (!failed) {
      pause = Duration.ZERO;
      return;
    }
    pause = nextPause();
    try {
      Thread.sleep(pause.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      running = false;
    }
  }

  private Duration nextPause() {
    Duration next = pause.isZero() ? Duration.ofMillis(500) : pause.multipliedBy(2);
    return next.compareTo(MAX_PAUSE) > 0 ? MAX_PAUSE : next;
  }

  private static Consumer<String, byte[]> consumer(String bootstrapServers, String groupId) {
    Map<String, Object> config = new HashMap<>();
    config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    config.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
    // Effects follow committed events only: an aborted command must post nothing.
    config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    // Offsets are committed once effects are done, never on a timer.
    config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    // A new group starts at the end: effects never replay history.
    config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
    // Effects are slow (Discord round trips): small polls keep the group membership alive.
    config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 100);
    return new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer());
  }

  @Override
  public void close() {
    running = false;
    consumer.wakeup();
    try {
      thread.join(10_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
