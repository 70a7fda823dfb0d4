package gg.suggestions.query.projection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import gg.suggestions.eventstore.contract.guildconfig.GuildToggle;
import gg.suggestions.eventstore.contract.guildconfig.GuildToggleSet;
import gg.suggestions.eventstore.envelope.EnvelopeCodec;
import gg.suggestions.eventstore.log.KafkaEventLogSource;
import gg.suggestions.eventstore.registry.EventSerialization;
import gg.suggestions.eventstore.topic.SuggestionTopics;
import gg.suggestions.query.projection.guildconfig.GuildConfigProjection;
import gg.suggestions.query.projection.store.JdbcStore;
import gg.suggestions.testing.KafkaTestCluster;
import gg.suggestions.testing.TestPostgres;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;

/**
 * A node says a projection is caught up only once it has applied every event committed before the
 * node started, however the log ends (here: with aborted transactions on every partition).
 */
class ReadinessIT {

  @RegisterExtension static final TestPostgres postgres = new TestPostgres();

  private static final int GUILDS = 300;
  private static final int EVENTS_PER_GUILD = 10;
  private static KafkaTestCluster cluster;

  @BeforeAll
  static void writeTheLog() {
    cluster = KafkaTestCluster.start(1).withTopics();
    try (LogWriter log = new LogWriter(cluster.bootstrapServers())) {
      for (int g = 0; g < GUILDS; g++) {
        String guild = Long.toString(700_000_000_000_000_000L + g);
        for (int seq = 0; seq < EVENTS_PER_GUILD; seq++) {
          log.write(
              guild,
              "GuildConfig",
              guild,
              seq,
              new GuildToggleSet(guild, GuildToggle.KEEP_LOGS, seq % 2 == 1));
        }
      }
      log.flush();
    }
    abortATransactionOnEveryPartition();
  }

  @AfterAll
  static void stop() {
    cluster.close();
  }

  @Test
  void reportsCaughtUpOnlyOnceEveryEventBeforeTheStartIsApplied() {
    JdbcTemplate jdbc = new JdbcTemplate(postgres.dataSource());
    Projections projections = projections(jdbc);
    projections.start();
    try {
      await()
          .atMost(Duration.ofSeconds(120))
          .pollInterval(Duration.ofMillis(5))
          .until(() -> projections.status().get(0).caughtUp());

      Long applied =
          jdbc.queryForObject(
              "SELECT count(*) FROM p_guild_config.guild_config WHERE last_sequence = ?",
              Long.class,
              EVENTS_PER_GUILD - 1);
      assertThat(applied).isEqualTo(GUILDS);
    } finally {
      projections.stop();
    }
  }

  private static Projections projections(JdbcTemplate jdbc) {
    var events =
        new KafkaEventLogSource(
            Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers()),
            SuggestionTopics.EVENTS,
            new EnvelopeCodec(),
            EventSerialization.envelopes(EventSerialization.serializer()));
    return new Projections(
        List.of(
            new Projections.Definition(
                GuildConfigProjection.NAME,
                events,
                List.of(
                    new GuildConfigProjection(JdbcStore.live(jdbc, GuildConfigProjection.NAME))))),
        postgres.dataSource(),
        new DataSourceTransactionManager(postgres.dataSource()));
  }

  private static void abortATransactionOnEveryPartition() {
    Map<String, Object> config =
        Map.of(
            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
            cluster.bootstrapServers(),
            ProducerConfig.TRANSACTIONAL_ID_CONFIG,
            "readiness-it-aborter");
    try (var producer =
        new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer())) {
      producer.initTransactions();
      producer.beginTransaction();
      for (int p = 0; p < 12; p++) {
        producer.send(
            new ProducerRecord<>(
                SuggestionTopics.EVENTS, p, null, "aborted".getBytes(StandardCharsets.UTF_8)));
      }
      producer.flush();
      producer.abortTransaction();
    }
  }
}
