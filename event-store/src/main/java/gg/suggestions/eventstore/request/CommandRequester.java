package gg.suggestions.eventstore.request;

import gg.suggestions.eventstore.envelope.CommandCodec;
import gg.suggestions.eventstore.envelope.CommandEnvelope;
import gg.suggestions.eventstore.envelope.ReplyEnvelope;
import gg.suggestions.eventstore.log.UnreadableRecords;
import gg.suggestions.eventstore.topic.SuggestionTopics;
import gg.suggestions.eventstore.topic.WritePathTimeouts;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.Utils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends command envelopes to {@code suggestions.commands.v1} and completes each with its reply from
 * {@code suggestions.replies.v1}, where replies are keyed by this requester's id.
 *
 * <p>A reply is read {@code read_committed}: it is seen only once the command service's
 * transaction, which carries the command's events too, has committed. A future that never completes
 * means no decision was seen yet, not that the command failed: retrying with the same command id is
 * safe and is answered with the first decision.
 *
 * <p>Thread-safe. One listener thread owns the reply consumer; {@link #close} stops it.
 */
public final class CommandRequester implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(CommandRequester.class);

  private final String requesterId;
  private final CommandCodec codec;
  private final Producer<String, byte[]> producer;
  private final Consumer<String, byte[]> replies;
  private final Map<String, CompletableFuture<ReplyEnvelope>> pending = new ConcurrentHashMap<>();
  private final Thread listener;
  private volatile boolean running = true;

  /**
   * Connects and positions the reply consumer at the end of this requester's reply partition, so
   * every reply to a command sent after this constructor returns is seen.
   */
  public CommandRequester(String bootstrapServers, String requesterId, CommandCodec codec) {
    this.requesterId = requesterId;
    this.codec = codec;
    this.producer = producer(bootstrapServers);
    this.replies = replyConsumer(bootstrapServers);
    try {
      TopicPartition partition = replyPartition(requesterId);
      replies.assign(List.of(partition));
      replies.seekToEnd(List.of(partition));
      replies.position(partition); // Resolve the end now, before any command is sent.
    } catch (RuntimeException e) {
      close();
      throw e;
    }
    this.listener = new Thread(this::listen, "replies-" + requesterId);
    listener.setDaemon(true);
    listener.start();
  }

  public String requesterId() {
    return requesterId;
  }

  /**
   * Sends {@code command}, answered to this requester whatever its {@code replyTo} said. Commands
   * with the same id sent while one is pending share one reply.
   *
   * @return the reply; fails if the command could not be written to Kafka
   */
  public CompletableFuture<ReplyEnvelope> send(CommandEnvelope command) {
    var reply = new CompletableFuture<ReplyEnvelope>();
    var earlier = pending.putIfAbsent(command.commandId(), reply);
    if (earlier != null) {
      return earlier;
    }
    byte[] value = codec.encode(command.withReplyTo(requesterId));
    producer.send(
        new ProducerRecord<>(SuggestionTopics.COMMANDS, command.partitionKey(), value),
        (metadata, error) -> {
          if (error != null) {
            pending.remove(command.commandId(), reply);
            reply.completeExceptionally(error);
          }
        });
    // A caller that gives up must not leave its entry behind.
    reply.whenComplete((r, e) -> pending.remove(command.commandId(), reply));
    return reply;
  }

  private void listen() {
    try {
      while (running) {
        for (ConsumerRecord<String, byte[]> record : replies.poll(Duration.ofMillis(500))) {
          if (requesterId.equals(record.key())) {
            complete(record);
          }
        }
      }
    } catch (WakeupException stopping) {
      // close() woke the consumer up.
    } catch (RuntimeException e) {
      log.error("Reply listener of {} stopped; pending commands fail", requesterId, e);
      pending.values().forEach(f -> f.completeExceptionally(e));
    } finally {
      replies.close();
    }
  }

  private void complete(ConsumerRecord<String, byte[]> record) {
    try {
      ReplyEnvelope reply = codec.decodeReply(record.value());
      var waiting = pending.get(reply.commandId());
      if (waiting != null) {
        waiting.complete(reply);
      }
    } catch (IllegalArgumentException e) {
      UnreadableRecords.count(record.topic(), record.partition());
      log.warn(
          "Ignoring an unreadable reply at partition {} offset {}: {}",
          record.partition(),
          record.offset(),
          e.getMessage());
    }
  }

  /** The partition Kafka's default partitioner sends {@code key}'s replies to. */
  private TopicPartition replyPartition(String key) {
    int partitions = producer.partitionsFor(SuggestionTopics.REPLIES).size();
    byte[] bytes = key.getBytes(StandardCharsets.UTF_8);
    return new TopicPartition(
        SuggestionTopics.REPLIES, Utils.toPositive(Utils.murmur2(bytes)) % partitions);
  }

  /**
   * A producer of records someone waits on (commands, replies): acks=all, idempotent, sent at once,
   * with the write path's request timeout.
   */
  public static Producer<String, byte[]> producer(String bootstrapServers) {
    Map<String, Object> config = new HashMap<>();
    config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    // A record its sender was told is sent must be on every in-sync replica.
    config.put(ProducerConfig.ACKS_CONFIG, "all");
    config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    // A person is waiting on every one: send at once.
    config.put(ProducerConfig.LINGER_MS_CONFIG, 0);
    return new KafkaProducer<>(
        WritePathTimeouts.producer(config), new StringSerializer(), new ByteArraySerializer());
  }

  private static Consumer<String, byte[]> replyConsumer(String bootstrapServers) {
    Map<String, Object> config = new HashMap<>();
    config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    // Only decisions whose events are committed count as answers.
    config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    return new KafkaConsumer<>(
        WritePathTimeouts.consumer(config), new StringDeserializer(), new ByteArrayDeserializer());
  }

  /** Stops listening; replies still pending never complete. */
  @Override
  public void close() {
    running = false;
    replies.wakeup();
    if (listener != null) {
      try {
        listener.join(5_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    } else {
      replies.close();
    }
    producer.close(Duration.ofSeconds(5));
  }
}
