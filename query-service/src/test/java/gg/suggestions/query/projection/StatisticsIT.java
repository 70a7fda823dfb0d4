package gg.suggestions.query.projection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import gg.suggestions.eventstore.envelope.CommandCodec;
import gg.suggestions.eventstore.envelope.EnvelopeCodec;
import gg.suggestions.eventstore.envelope.InteractionEnvelope;
import gg.suggestions.eventstore.log.KafkaEventLogSource;
import gg.suggestions.eventstore.topic.SuggestionTopics;
import gg.suggestions.query.projection.localestats.LocaleStatsProjection;
import gg.suggestions.query.projection.localestats.LocaleStatsQueries;
import gg.suggestions.query.projection.localestats.LocaleStatsQueries.LocaleStat;
import gg.suggestions.query.projection.memberstats.MemberStatsProjection;
import gg.suggestions.query.projection.memberstats.MemberStatsQueries;
import gg.suggestions.query.projection.memberstats.MemberStatsQueries.MemberStat;
import gg.suggestions.query.projection.store.JdbcStore;
import gg.suggestions.query.projection.usage.UsageProjection;
import gg.suggestions.query.projection.usage.UsageQueries;
import gg.suggestions.query.projection.usage.UsageQueries.HourlyInteractions;
import gg.suggestions.testing.KafkaTestCluster;
import gg.suggestions.testing.TestPostgres;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;

/** The statistics, counted from the interaction records, exactly once, and rebuilt from the log. */
class StatisticsIT {

  @RegisterExtension static final TestPostgres postgres = new TestPostgres();

  private static final String GUILD = "601219766258106399";
  private static final Instant MORNING = Instant.parse("2026-06-01T09:15:00Z");
  private static final CommandCodec CODEC = new CommandCodec(EnvelopeCodec.defaultMapper());

  private static KafkaTestCluster cluster;
  private static KafkaProducer<String, byte[]> producer;
  private static JdbcTemplate jdbc;

  @BeforeAll
  static void writeInteractions() throws Exception {
    cluster = KafkaTestCluster.start(1).withTopics();
    producer =
        new KafkaProducer<>(
            Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers()),
            new StringSerializer(),
            new ByteArraySerializer());
    jdbc = new JdbcTemplate(postgres.dataSource());
    interaction("SubmitSuggestion", "10", "da", "accepted", MORNING);
    interaction("SubmitSuggestion", "10", "da", "1308", MORNING.plusSeconds(2));
    interaction("VoteOnSuggestion", "11", "de", "accepted", MORNING.plusSeconds(60));
    interaction("VoteOnSuggestion", "12", "de", "accepted", MORNING.plus(Duration.ofHours(1)));
    interaction("ApproveSuggestion", "11", "de", "1100", MORNING.plus(Duration.ofHours(1)));
  }

  @AfterAll
  static void stop() {
    producer.close();
    cluster.close();
  }

  @Test
  void countsEveryInteractionOnceAndCountsTheSameAfterARebuild() {
    Map<String, Object> counted = runUntilCaughtUp();

    jdbc.execute("DROP SCHEMA p_locale_stats, p_member_stats, p_usage CASCADE");
    Map<String, Object> rebuilt = runUntilCaughtUp();

    assertThat(rebuilt).isEqualTo(counted);
  }

  /** Runs the statistics projections from their tokens until caught up, and reads them. */
  private Map<String, Object> runUntilCaughtUp() {
    var locales = new LocaleStatsQueries(jdbc);
    var members = new MemberStatsQueries(jdbc);
    var usage = new UsageQueries(jdbc);
    var interactions =
        KafkaEventLogSource.interactions(
            Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers()), CODEC);
    var projections =
        new Projections(
            List.of(
                new Projections.Definition(
                    LocaleStatsProjection.NAME,
                    interactions,
                    List.of(
                        new LocaleStatsProjection(
                            JdbcStore.live(jdbc, LocaleStatsProjection.NAME)))),
                new Projections.Definition(
                    MemberStatsProjection.NAME,
                    interactions,
                    List.of(
                        new MemberStatsProjection(
                            JdbcStore.live(jdbc, MemberStatsProjection.NAME)))),
                new Projections.Definition(
                    UsageProjection.NAME,
                    interactions,
                    List.of(new UsageProjection(JdbcStore.live(jdbc, UsageProjection.NAME))))),
            postgres.dataSource(),
            new DataSourceTransactionManager(postgres.dataSource()));
    projections.start();
    try {
      LocalDate day = LocalDate.parse("2026-06-01");
      await()
          .atMost(Duration.ofSeconds(30))
          .until(
              () ->
                  usage
                              .between(
                                  MORNING.minus(Duration.ofHours(1)),
                                  MORNING.plus(Duration.ofHours(3)))
                              .stream()
                              .mapToLong(HourlyInteractions::interactions)
                              .sum()
                          == 5
                      && members.of(GUILD, "11").size() == 2
                      && locales.of(GUILD, day, day).size() == 4);

      assertThat(locales.of(GUILD, day, day))
          .containsExactly(
              new LocaleStat(day, GUILD, "da", "SubmitSuggestion", "1308", 1),
              new LocaleStat(day, GUILD, "da", "SubmitSuggestion", "accepted", 1),
              new LocaleStat(day, GUILD, "de", "ApproveSuggestion", "1100", 1),
              new LocaleStat(day, GUILD, "de", "VoteOnSuggestion", "accepted", 2));
      assertThat(members.of(GUILD, "11"))
          .containsExactly(
              new MemberStat("ApproveSuggestion", 0, 1), new MemberStat("VoteOnSuggestion", 1, 0));
      assertThat(
              usage.between(MORNING.minus(Duration.ofHours(1)), MORNING.plus(Duration.ofHours(3))))
          .containsExactly(
              new HourlyInteractions(Instant.parse("2026-06-01T09:00:00Z"), 3),
              new HourlyInteractions(Instant.parse("2026-06-01T10:00:00Z"), 2));
      return Map.of(
          "locales", locales.of(GUILD, day, day),
          "members", members.of(GUILD, "10"),
          "usage",
              usage.between(MORNING.minus(Duration.ofHours(1)), MORNING.plus(Duration.ofHours(3))));
    } finally {
      projections.stop();
    }
  }

  private static void interaction(
      String type, String actorId, String locale, String outcome, Instant at) throws Exception {
    String commandId = UUID.randomUUID().toString();
    var interaction =
        new InteractionEnvelope(
            InteractionEnvelope.SCHEMA,
            commandId,
            type,
            GUILD,
            actorId,
            locale,
            "en-GB",
            outcome,
            12,
            at,
            null);
    producer
        .send(new ProducerRecord<>(SuggestionTopics.INTERACTIONS, GUILD, CODEC.encode(interaction)))
        .get();
  }
}
