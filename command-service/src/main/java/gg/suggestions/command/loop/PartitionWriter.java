package gg.suggestions.command.loop;

import gg.suggestions.eventstore.replica.ReplicaCatchUp;
import gg.suggestions.eventstore.topic.SuggestionTopics;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.InvalidProducerEpochException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The only writer of one partition's effects: a transactional producer whose id is derived from the
 * partition ({@code suggestions-cmd-p07}), so opening it fences every earlier owner. Kafka aborts
 * the earlier owner's open transaction and refuses its commits from then on: a zombie can never
 * commit again.
 *
 * <p>Owned and used by the one thread that runs the partition's loop. Every way Kafka signals a
 * takeover surfaces as one {@link PartitionFencedException}.
 */
public final class PartitionWriter implements AutoCloseable {

  private final int partition;
  private final Producer<String, byte[]> producer;
  private final ReplicaCatchUp.Reached endsWhenOpened;

  /** Over an already initialised transactional producer; tests use Kafka's MockProducer. */
  PartitionWriter(int partition, Producer<String, byte[]> producer) {
    this(partition, producer, new ReplicaCatchUp.Reached(0, 0));
  }

  private PartitionWriter(
      int partition, Producer<String, byte[]> producer, ReplicaCatchUp.Reached endsWhenOpened) {
    this.partition = partition;
    this.producer = producer;
    this.endsWhenOpened = endsWhenOpened;
  }

  /** The transactional id of the writer of {@code partition}. */
  public static String transactionalId(int partition) {
    return String.format("suggestions-cmd-p%02d", partition);
  }

  /**
   * Opens the writer of {@code partition}, fencing any earlier owner. Blocks until the broker has
   * aborted the earlier owner's open transaction.
   */
  public static PartitionWriter open(int partition, Map<String, Object> producerConfig) {
    Map<String, Object> config = new HashMap<>(producerConfig);
    config.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId(partition));
    // An action is done only when every in-sync replica has it.
    config.put(ProducerConfig.ACKS_CONFIG, "all");
    config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    // A dead owner's open transaction blocks readers of the partition until it times out.
    config.putIfAbsent(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, 15_000);
    // Commands wait on every send: do not hold records back for batching.
    config.putIfAbsent(ProducerConfig.LINGER_MS_CONFIG, 0);
    // A transaction's first send while the coordinator still writes the previous commit's markers
    // is refused with CONCURRENT_TRANSACTIONS and retried after this backoff. Kafka's 100 ms made
    // every back-to-back transaction of a partition at least 100 ms long; 5 ms retries as soon as
    // the markers are likely written. Repeated failures back off exponentially up to
    // retry.backoff.max.ms (250 ms on the write path), so a broker that is down is not hammered.
    config.putIfAbsent(ProducerConfig.RETRY_BACKOFF_MS_CONFIG, 5);
    var producer =
        new KafkaProducer<String, byte[]>(
            config, new StringSerializer(), new ByteArraySerializer());
    try {
      producer.initTransactions();
      return new PartitionWriter(partition, producer, markEnds(producer, partition));
    } catch (RuntimeException e) {
      producer.close();
      throw e;
    }
  }

  public int partition() {
    return partition;
  }

  /**
   * Lower bounds of where the partition's event and interaction logs ended when this writer fenced
   * the earlier owner: a catch-up must read at least this far before anything is decided.
   */
  public ReplicaCatchUp.Reached endsWhenOpened() {
    return endsWhenOpened;
  }

  /**
   * Writes one empty record to the partition of both logs in a transaction and aborts it: no {@code
   * read_committed} reader ever sees it, but its offsets come from leaders that a majority of
   * in-sync replicas acknowledged, after every earlier owner's transaction was settled. So they
   * bound the committed end from below even when a deposed leader, not yet told, still answers a
   * reader with its own shorter end (seen in the drill the moment a cut-off broker came back).
   */
  private static ReplicaCatchUp.Reached markEnds(Producer<String, byte[]> producer, int partition) {
    producer.beginTransaction();
    Future<RecordMetadata> events =
        producer.send(new ProducerRecord<>(SuggestionTopics.EVENTS, partition, null, new byte[0]));
    Future<RecordMetadata> interactions =
        producer.send(
            new ProducerRecord<>(SuggestionTopics.INTERACTIONS, partition, null, new byte[0]));
    producer.flush();
    try {
      var ends =
          new ReplicaCatchUp.Reached(events.get().offset() + 1, interactions.get().offset() + 1);
      producer.abortTransaction();
      return ends;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new KafkaException("Interrupted while marking the ends of partition " + partition, e);
    } catch (ExecutionException e) {
      throw new KafkaException("Marking the ends of partition " + partition + " failed", e);
    }
  }

  public void begin() {
    guard(producer::beginTransaction);
  }

  /** Sends a record inside the open transaction; it becomes visible only on commit. */
  public Future<RecordMetadata> send(ProducerRecord<String, byte[]> record) {
    try {
      return producer.send(record);
    } catch (ProducerFencedException | InvalidProducerEpochException e) {
      throw new PartitionFencedException(partition, e);
    }
  }

  /**
   * Commits the open transaction: everything sent since {@link #begin} becomes visible at once, or
   * nothing does.
   *
   * @throws PartitionFencedException if a newer writer took the partition over
   */
  public void commit() {
    guard(producer::commitTransaction);
  }

  public void abort() {
    guard(producer::abortTransaction);
  }

  /** Waits for a send and reports a takeover as {@link PartitionFencedException}. */
  public RecordMetadata await(Future<RecordMetadata> send) throws InterruptedException {
    try {
      return send.get();
    } catch (ExecutionException e) {
      if (isFencing(e.getCause())) {
        throw new PartitionFencedException(partition, e.getCause());
      }
      throw new KafkaException("Send to partition " + partition + " failed", e.getCause());
    }
  }

  private void guard(Runnable step) {
    try {
      step.run();
    } catch (KafkaException e) {
      if (isFencing(e) || isFencing(e.getCause())) {
        throw new PartitionFencedException(partition, e);
      }
      throw e;
    }
  }

  private static boolean isFencing(Throwable e) {
    return e instanceof ProducerFencedException || e instanceof InvalidProducerEpochException;
  }

  /**
   * Closes within 5 s, so an unreachable cluster can not hold up the loop: records still unsent
   * fail, and an open transaction is aborted by the next owner's fencing or by its timeout.
   */
  @Override
  public void close() {
    producer.close(Duration.ofSeconds(5));
  }
}
