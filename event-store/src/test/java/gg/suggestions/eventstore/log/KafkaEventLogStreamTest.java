package gg.suggestions.eventstore.log;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.consumer.internals.AutoOffsetResetStrategy;
import org.apache.kafka.common.TopicPartition;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventhandling.GenericTrackedEventMessage;
import org.junit.jupiter.api.Test;

class KafkaEventLogStreamTest {

  private static final TopicPartition PARTITION = new TopicPartition("events", 0);

  /** One message per record, whose payload is the record's text. */
  private static final LogRecords TEXT =
      (value, position, where) ->
          List.of(
              new GenericTrackedEventMessage<>(
                  position,
                  GenericEventMessage.asEventMessage(new String(value, StandardCharsets.UTF_8))));

  private final MockConsumer<String, byte[]> consumer =
      new MockConsumer<>(AutoOffsetResetStrategy.EARLIEST.name());

  @Test
  void asksTheConsumerForMoreOnlyOnceWhatItHoldsIsHandedOut() throws Exception {
    consumer.assign(List.of(PARTITION));
    consumer.updateBeginningOffsets(Map.of(PARTITION, 0L));
    add(0, "a");
    add(1, "b");
    var stream = new KafkaEventLogStream(consumer, KafkaTrackingToken.empty(), TEXT);

    assertThat(stream.hasNextAvailable(0, TimeUnit.MILLISECONDS)).isTrue();
    add(2, "c");
    assertThat(stream.hasNextAvailable(0, TimeUnit.MILLISECONDS)).isTrue();
    assertThat(stream.hasNextAvailable(0, TimeUnit.MILLISECONDS)).isTrue();

    assertThat(consumer.position(PARTITION)).as("polled while two were buffered").isEqualTo(2);
    assertThat(stream.nextAvailable().getPayload()).isEqualTo("a");
    assertThat(stream.nextAvailable().getPayload()).isEqualTo("b");
    assertThat(stream.hasNextAvailable(0, TimeUnit.MILLISECONDS)).isTrue();
    assertThat(stream.nextAvailable().getPayload()).isEqualTo("c");
    assertThat(consumer.position(PARTITION)).isEqualTo(3);
  }

  private void add(long offset, String text) {
    consumer.addRecord(
        new ConsumerRecord<>(
            PARTITION.topic(),
            PARTITION.partition(),
            offset,
            "key",
            text.getBytes(StandardCharsets.UTF_8)));
  }
}
