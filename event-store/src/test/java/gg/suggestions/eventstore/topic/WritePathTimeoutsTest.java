package gg.suggestions.eventstore.topic;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.junit.jupiter.api.Test;

class WritePathTimeoutsTest {

  @Test
  void aClientGivesUpOnASilentBrokerAfterFiveSecondsAndKeepsTheRestOfItsConfig() {
    Map<String, Object> config =
        WritePathTimeouts.applyTo(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, "b1:9092"));

    assertThat(config)
        .containsEntry(CommonClientConfigs.REQUEST_TIMEOUT_MS_CONFIG, 2_000)
        .containsEntry(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, "b1:9092");
  }

  @Test
  void aTimeoutSetByTheCallerStands() {
    Map<String, Object> config =
        WritePathTimeouts.applyTo(Map.of(CommonClientConfigs.REQUEST_TIMEOUT_MS_CONFIG, 12_000));

    assertThat(config).containsEntry(CommonClientConfigs.REQUEST_TIMEOUT_MS_CONFIG, 12_000);
  }
}
