package gg.suggestions.testing;

import gg.suggestions.eventstore.contract.Actor;
import gg.suggestions.eventstore.envelope.CommandCodec;
import gg.suggestions.eventstore.envelope.CommandEnvelope;
import gg.suggestions.eventstore.envelope.EnvelopeCodec;
import gg.suggestions.eventstore.envelope.EventEnvelope;
import gg.suggestions.eventstore.envelope.InteractionEnvelope;
import gg.suggestions.eventstore.envelope.ReplyEnvelope;
import gg.suggestions.eventstore.topic.SuggestionTopics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * What a requester does in tests: build command envelopes, send them as the gateway would, and read
 * what came back on the replies, interactions and events topics.
 */
public final class TestCommands {

  public static final CommandCodec CODEC = new CommandCodec(EnvelopeCodec.defaultMapper());
  public static final Actor ADMIN = new Actor("1", Actor.ADMINISTRATOR, List.of());
  private static final EnvelopeCodec EVENTS = new EnvelopeCodec();

  private TestCommands() {}

  /** A {@code SetGuildToggle} command from {@code actor}, answered to {@code replyTo}. */
  public static CommandEnvelope setToggle(
      String commandId, String guild, String toggle, boolean enabled, Actor actor, String replyTo) {
    var payload =
        EnvelopeCodec.defaultMapper()
            .createObjectNode()
            .put("guildId", guild)
            .put("toggle", toggle)
            .put("enabled", enabled);
    return new CommandEnvelope(
        CommandEnvelope.SCHEMA,
        commandId,
        "SetGuildToggle",
        guild,
        payload,
        actor,
        "de",
        "en-GB",
        replyTo,
        Instant.now());
  }

  /**
   * {@code command} (a contract record such as {@code VoteOnSuggestion}) in {@code guild} by {@code
   * actor}, under a fresh command id, answered to {@code replyTo}.
   */
  public static CommandEnvelope envelope(
      String guild, Object command, Actor actor, String replyTo) {
    return new CommandEnvelope(
        CommandEnvelope.SCHEMA,
        UUID.randomUUID().toString(),
        command.getClass().getSimpleName(),
        guild,
        EnvelopeCodec.defaultMapper().valueToTree(command),
        actor,
        "en-GB",
        null,
        replyTo,
        Instant.now());
  }

  /** The record a gateway produces: keyed by guild, so it lands on the guild's partition. */
  public static ProducerRecord<String, byte[]> record(CommandEnvelope command) {
    return new ProducerRecord<>(
        SuggestionTopics.COMMANDS, command.guildId(), CODEC.encode(command));
  }

  /** A gateway's producer; the caller closes it. */
  public static KafkaProducer<String, byte[]> gateway(String bootstrapServers) {
    return new KafkaProducer<>(
        Map.of(
            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
            bootstrapServers,
            ProducerConfig.ACKS_CONFIG,
            "all"),
        new StringSerializer(),
        new ByteArraySerializer());
  }

  /** A step of a load, which may inject a fault before its send. */
  public interface Step {
    void run(int index) throws Exception;
  }

  /**
   * Sends {@code count} records at a constant rate, one every {@code interval}, running {@code
   * beforeSend} before each; returns when the last send is acknowledged.
   */
  public static void sendAtFixedRate(
      KafkaProducer<String, byte[]> gateway,
      int count,
      Duration interval,
      IntFunction<ProducerRecord<String, byte[]>> record,
      Step beforeSend)
      throws Exception {
    ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    AtomicInteger next = new AtomicInteger();
    CompletableFuture<Void> done = new CompletableFuture<>();
    scheduler.scheduleAtFixedRate(
        () -> {
          int i = next.getAndIncrement();
          if (i >= count) {
            done.complete(null);
            return;
          }
          try {
            beforeSend.run(i);
            gateway.send(record.apply(i)).get(60, TimeUnit.SECONDS);
          } catch (Exception e) {
            done.completeExceptionally(e);
          }
        },
        0,
        interval.toMillis(),
        TimeUnit.MILLISECONDS);
    try {
      done.get(10, TimeUnit.MINUTES);
    } finally {
      scheduler.shutdownNow();
    }
  }

  public static List<ReplyEnvelope> replies(String bootstrapServers) {
    return TopicReader.readCommitted(bootstrapServers, SuggestionTopics.REPLIES).stream()
        .map(r -> CODEC.decodeReply(utf8(r.value())))
        .toList();
  }

  public static List<InteractionEnvelope> interactions(String bootstrapServers) {
    return TopicReader.readCommitted(bootstrapServers, SuggestionTopics.INTERACTIONS).stream()
        .map(r -> CODEC.decodeInteraction(utf8(r.value())))
        .toList();
  }

  public static List<EventEnvelope> events(String bootstrapServers) {
    return TopicReader.readCommitted(bootstrapServers, SuggestionTopics.EVENTS).stream()
        .map(r -> EVENTS.decode(utf8(r.value())))
        .toList();
  }

  private static byte[] utf8(String value) {
    return value.getBytes(StandardCharsets.UTF_8);
  }
}
