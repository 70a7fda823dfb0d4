package gg.suggestions.gateway.effects;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.sun.net.httpserver.HttpServer;
import gg.suggestions.eventstore.contract.suggestion.SuggestionCleared;
import gg.suggestions.eventstore.envelope.EnvelopeCodec;
import gg.suggestions.eventstore.envelope.EnvelopeMetadata;
import gg.suggestions.eventstore.envelope.EventEnvelope;
import gg.suggestions.eventstore.topic.SuggestionTopics;
import gg.suggestions.gateway.read.QueryApi;
import gg.suggestions.testing.HostileRecords;
import gg.suggestions.testing.HostileRecords.Hostile;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * The effects consumer survives any record of the event log: what it can not use is logged once, as
 * one printable line with its place, and skipped; a Discord outage is retried, and logged with one
 * stack trace however long it lasts. Hostile records are seeded: {@code -Dhostile.seed}.
 */
class EffectsConsumerTest {

  private static final String GUILD = "601219766258106399";
  private static final String MODERATOR = "323456789012345678";
  private static final TopicPartition PARTITION = new TopicPartition(SuggestionTopics.EVENTS, 0);
  private static final long SEED = HostileRecords.seed();
  private static final String WHY =
      "hostile records of seed " + SEED + " (-D" + HostileRecords.SEED + "=" + SEED + ")";

  private final MockConsumer<String, byte[]> kafka = new MockConsumer<>("earliest");
  private final List<ConsumerRecord<String, byte[]>> log = new ArrayList<>();
  private final List<String> deleted = new CopyOnWriteArrayList<>();
  private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  private final Logger logger = (Logger) LoggerFactory.getLogger(EffectsConsumer.class);
  private final ListAppender<ILoggingEvent> lines = new ListAppender<>();
  private int outages;
  private HttpServer queryApi;
  private EffectsConsumer consumer;

  @BeforeEach
  void start() throws IOException {
    System.out.println("EffectsConsumerTest: " + WHY);
    queryApi = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    queryApi.createContext(
        "/",
        exchange -> {
          String path = exchange.getRequestURI().getPath();
          byte[] body = clearedSuggestion(path.substring(path.lastIndexOf('/') + 1));
          exchange.sendResponseHeaders(200, body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
        });
    queryApi.start();
    var read = new QueryApi("http://127.0.0.1:" + queryApi.getAddress().getPort(), "t");
    var effects = new Effects(discord(), read, (commandId, guildId, command) -> {});
    consumer = new EffectsConsumer(kafka, effects, Duration.ZERO, Clock.systemUTC(), meters);
    kafka.rebalance(List.of(PARTITION));
    kafka.updateBeginningOffsets(Map.of(PARTITION, 0L));
    lines.start();
    logger.addAppender(lines);
  }

  @AfterEach
  void stop() {
    logger.detachAppender(lines);
    queryApi.stop(0);
  }

  @Test
  void skipsEveryHostileRecordWithOneLineAndCarriesOutTheEventsAfterIt() {
    List<Hostile> hostile =
        HostileRecords.of(cleared("template", "k3x9ab2f"), "aggregateId", new Random(SEED));
    hostile.forEach(h -> append(h.value()));
    append(cleared("canary", "canary01"));

    consumeAll();

    assertThat(deleted).as(WHY).contains("msg-canary01");
    assertThat(committed()).as(WHY).isEqualTo(log.size());
    for (int offset = 0; offset < hostile.size(); offset++) {
      long skips = skipLinesAt(offset);
      assertThat(skips).as(hostile.get(offset).name() + ", " + WHY).isLessThanOrEqualTo(1);
      if (hostile.get(offset).refused()) {
        assertThat(skips).as(hostile.get(offset).name() + ", " + WHY).isOne();
      }
    }
    assertThat(lines.list).as(WHY).allSatisfy(EffectsConsumerTest::isOnePrintableLine);
    long skipLines = IntStream.range(0, hostile.size()).mapToLong(this::skipLinesAt).sum();
    assertThat(
            meters.get("suggestions.effects.skipped").tag("reason", "unusable").counter().count())
        .as(WHY)
        .isEqualTo(skipLines);
  }

  @Test
  void retriesADiscordOutageWithOneStackTraceAndSaysWhenItRecovers() {
    outages = 5;
    append(cleared("first", "k3x9ab2f"));

    consumeAll();

    assertThat(deleted).containsExactly("msg-k3x9ab2f");
    assertThat(committed()).isOne();
    assertThat(lines.list).hasSize(4); // attempt 1 with its trace, attempts 2 and 4, recovery
    assertThat(lines.list.get(0).getThrowableProxy()).isNotNull();
    assertThat(lines.list.subList(1, 4)).allMatch(line -> line.getThrowableProxy() == null);
    assertThat(lines.list.get(2).getFormattedMessage())
        .contains("offset 0", "after 4 attempts", "Discord is down");
    assertThat(lines.list.get(3).getFormattedMessage()).contains("recovered at offset 0");
    assertThat(meters.get("suggestions.effects.retries").tag("what", "event").counter().count())
        .isEqualTo(5);
  }

  /** Polls until every record is committed, delivering again what a rewind asks for. */
  private void consumeAll() {
    for (int poll = 0; poll < 20 && committed() < log.size(); poll++) {
      long position = kafka.position(PARTITION);
      log.stream().filter(r -> r.offset() >= position).forEach(kafka::addRecord);
      consumer.pollOnce();
    }
  }

  private long committed() {
    var offset = kafka.committed(Set.of(PARTITION)).get(PARTITION);
    return offset == null ? 0 : offset.offset();
  }

  private long skipLinesAt(long offset) {
    return lines.list.stream()
        .map(ILoggingEvent::getFormattedMessage)
        .filter(m -> m.startsWith("Skipping") && m.contains(" offset " + offset + " "))
        .count();
  }

  private static void isOnePrintableLine(ILoggingEvent line) {
    String text = line.getFormattedMessage();
    assertThat(text.length()).as(text).isLessThan(1000);
    assertThat(text.chars().noneMatch(c -> c < 0x20 || Character.isSurrogate((char) c)))
        .as(text)
        .isTrue();
    if (text.startsWith("Skipping")) {
      assertThat(line.getThrowableProxy()).as(text).isNull();
    }
  }

  private void append(byte[] value) {
    log.add(new ConsumerRecord<>(PARTITION.topic(), 0, log.size(), "key", value));
  }

  private static byte[] cleared(String eventId, String suggestionId) {
    var payload =
        EnvelopeCodec.defaultMapper()
            .valueToTree(new SuggestionCleared(GUILD, suggestionId, MODERATOR, null));
    var metadata = new EnvelopeMetadata("cmd-" + eventId, MODERATOR, "en-GB", "en-GB", null);
    return new EnvelopeCodec()
        .encode(
            new EventEnvelope(
                EventEnvelope.SCHEMA,
                eventId,
                "SuggestionCleared",
                1,
                "Suggestion",
                suggestionId,
                3,
                GUILD,
                Instant.now(),
                metadata,
                (com.fasterxml.jackson.databind.JsonNode) payload));
  }

  private static byte[] clearedSuggestion(String suggestionId) {
    return """
        {"submission":{"guildId":"%s","suggestionId":"%s","authorId":"1","text":"t"},
         "state":"CLEARED","upVotes":0,"downVotes":0,
         "discord":{"channelId":"111","messageId":"msg-%s"},"lastSequence":3}
        """
        .formatted(GUILD, suggestionId, suggestionId)
        .getBytes(StandardCharsets.UTF_8);
  }

  /** Discord that deletes, and is down for the first {@link #outages} calls. */
  private DiscordActions discord() {
    return new DiscordActions() {
      @Override
      public void delete(String channelId, String messageId) {
        if (outages-- > 0) {
          throw new IllegalStateException("Discord is down");
        }
        deleted.add(messageId);
      }

      @Override
      public String post(String channelId, MessageView view, String nonce) {
        throw new UnsupportedOperationException();
      }

      @Override
      public void edit(String channelId, String messageId, MessageView view) {}

      @Override
      public String startThread(String channelId, String messageId, String name) {
        throw new UnsupportedOperationException();
      }

      @Override
      public void archive(String threadId) {}

      @Override
      public void directMessage(String userId, MessageView view, String nonce) {}

      @Override
      public SuggestionMessages.Author author(String userId) {
        return null;
      }

      @Override
      public String guildName(String guildId) {
        return guildId;
      }
    };
  }
}
