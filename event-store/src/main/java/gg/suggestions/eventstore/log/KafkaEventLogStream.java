package gg.suggestions.eventstore.log;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.axonframework.common.stream.BlockingStream;
import org.axonframework.eventhandling.TrackedEventMessage;

/**
 * One reader's pass over the event topic. Not thread-safe: Axon uses a stream from one thread,
 * which also owns the consumer.
 *
 * <p>A record that is not an envelope becomes an {@link UnreadableRecord} message, which the
 * processor dead-letters with its partition, offset and bytes, so one bad record never stalls a
 * processor and never passes unseen.
 */
final class KafkaEventLogStream implements BlockingStream<TrackedEventMessage<?>> {

  private static final Duration WAIT_STEP = Duration.ofMillis(200);

  private final Consumer<String, byte[]> consumer;
  private final LogRecords records;
  private final Deque<TrackedEventMessage<?>> buffer = new ArrayDeque<>();
  private KafkaTrackingToken position;

  KafkaEventLogStream(
      Consumer<String, byte[]> consumer, KafkaTrackingToken start, LogRecords records) {
    this.consumer = consumer;
    this.position = start;
    this.records = records;
  }

  @Override
  public Optional<TrackedEventMessage<?>> peek() {
    if (buffer.isEmpty()) {
      fill(Duration.ZERO);
    }
    return Optional.ofNullable(buffer.peek());
  }

  @Override
  public boolean hasNextAvailable(int timeout, TimeUnit unit) {
    long deadline = System.nanoTime() + unit.toNanos(timeout);
    // Poll only for an empty buffer: Axon asks before every event, and polling on each ask would
    // pull the whole log into memory while the handlers fall behind.
    if (buffer.isEmpty()) {
      fill(Duration.ZERO);
    }
    while (buffer.isEmpty() && System.nanoTime() < deadline) {
      long left = Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()));
      fill(Duration.ofMillis(Math.min(left, WAIT_STEP.toMillis())));
    }
    return !buffer.isEmpty();
  }

  @Override
  public TrackedEventMessage<?> nextAvailable() throws InterruptedException {
    while (buffer.isEmpty()) {
      if (Thread.currentThread().isInterrupted()) {
        throw new InterruptedException("Interrupted while waiting for events");
      }
      fill(WAIT_STEP);
    }
    return buffer.poll();
  }

  @Override
  public void close() {
    consumer.close();
  }

  private void fill(Duration wait) {
    for (ConsumerRecord<String, byte[]> record : consumer.poll(wait)) {
      position = position.advancedTo(record.partition(), record.offset());
      buffer.addAll(records.read(record, position));
    }
  }
}
