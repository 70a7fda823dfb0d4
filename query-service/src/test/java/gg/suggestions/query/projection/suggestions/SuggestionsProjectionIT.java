package gg.suggestions.query.projection.suggestions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import gg.suggestions.eventstore.contract.suggestion.SuggestionApproved;
import gg.suggestions.eventstore.contract.suggestion.SuggestionKey;
import gg.suggestions.eventstore.contract.suggestion.SuggestionMessagePosted;
import gg.suggestions.eventstore.contract.suggestion.SuggestionNoteAdded;
import gg.suggestions.eventstore.contract.suggestion.SuggestionRejected;
import gg.suggestions.eventstore.contract.suggestion.SuggestionSubmitted;
import gg.suggestions.eventstore.contract.suggestion.VoteCast;
import gg.suggestions.eventstore.contract.suggestion.VoteDirection;
import gg.suggestions.eventstore.contract.suggestion.VoteSwitched;
import gg.suggestions.eventstore.contract.suggestion.VoteWithdrawn;
import gg.suggestions.eventstore.envelope.EnvelopeCodec;
import gg.suggestions.eventstore.envelope.EventEnvelope;
import gg.suggestions.eventstore.log.KafkaEventLogSource;
import gg.suggestions.eventstore.registry.EventSerialization;
import gg.suggestions.eventstore.topic.SuggestionTopics;
import gg.suggestions.query.projection.LogWriter;
import gg.suggestions.query.projection.ProjectionProcessor;
import gg.suggestions.query.projection.store.JdbcStore;
import gg.suggestions.query.projection.store.Store;
import gg.suggestions.query.projection.suggestions.SuggestionRow.State;
import gg.suggestions.testing.KafkaTestCluster;
import gg.suggestions.testing.TestPostgres;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.axonframework.eventhandling.pooled.PooledStreamingEventProcessor;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;

class SuggestionsProjectionIT {

  @RegisterExtension static final TestPostgres postgres = new TestPostgres();

  private static final String GUILD = "601219766258106399";
  private static KafkaTestCluster cluster;
  private static LogWriter log;

  private PooledStreamingEventProcessor processor;
  private JdbcTemplate jdbc;
  private Store.Rows<SuggestionRow> rows;

  @BeforeAll
  static void startCluster() {
    cluster = KafkaTestCluster.start(1).withTopics();
    log = new LogWriter(cluster.bootstrapServers());
  }

  @AfterAll
  static void stopCluster() {
    log.close();
    cluster.close();
  }

  @BeforeEach
  void startProcessor() {
    ProjectionProcessor.migrate(postgres.dataSource(), SuggestionsProjection.NAME);
    jdbc = new JdbcTemplate(postgres.dataSource());
    rows = JdbcStore.live(jdbc, SuggestionsProjection.NAME).rows(SuggestionRows.SUGGESTION);
    processor = processor();
    processor.start();
  }

  @AfterEach
  void stopProcessor() {
    processor.shutDown();
  }

  @Test
  void aSuggestionsLifeIsProjectedWithExactCounts() {
    String sid = "a0000001";
    submit(sid);
    write(sid, 1, new VoteCast(GUILD, sid, "21", VoteDirection.UP));
    write(sid, 2, new VoteCast(GUILD, sid, "22", VoteDirection.UP));
    write(sid, 3, new VoteCast(GUILD, sid, "23", VoteDirection.DOWN));
    write(sid, 4, new VoteSwitched(GUILD, sid, "22", VoteDirection.DOWN));
    write(sid, 5, new VoteWithdrawn(GUILD, sid, "21"));
    write(
        sid,
        6,
        new SuggestionMessagePosted(GUILD, sid, "701219766258106399", "801219766258106399"));
    write(sid, 7, new SuggestionNoteAdded(GUILD, sid, "12", "Planned for June"));
    write(sid, 8, new SuggestionApproved(GUILD, sid, "12", "Done"));

    SuggestionRow row = awaitSequence(sid, 8);

    assertThat(row.state()).isEqualTo(State.APPROVED);
    assertThat(row.upVotes()).isZero();
    assertThat(row.downVotes()).isEqualTo(2);
    assertThat(row.note().text()).isEqualTo("Planned for June");
    assertThat(row.resolution().moderatorId()).isEqualTo("12");
    assertThat(row.resolution().response()).isEqualTo("Done");
    assertThat(row.discord().messageId()).isEqualTo("801219766258106399");
    assertThat(votes(sid)).containsExactlyInAnyOrderEntriesOf(Map.of("22", "DOWN", "23", "DOWN"));
    assertThat(
            new SuggestionQueries(jdbc)
                .dailyOutcomes(GUILD, LocalDate.now(ZoneOffset.UTC), LocalDate.now(ZoneOffset.UTC)))
        .extracting(r -> r.get("outcome") + "=" + r.get("suggestions"))
        .contains("approved=1");
  }

  @Test
  void aRedeliveredEventChangesNothing() {
    String sid = "a0000002";
    submit(sid);
    EventEnvelope vote = write(sid, 1, new VoteCast(GUILD, sid, "21", VoteDirection.UP));
    log.write(vote);
    write(sid, 2, new VoteCast(GUILD, sid, "22", VoteDirection.DOWN));

    log.write(submitted(sid));
    SuggestionRow row = awaitSequence(sid, 2);
    write(sid, 3, new SuggestionRejected(GUILD, sid, "12", null));
    awaitSequence(sid, 3);

    assertThat(row.upVotes()).isEqualTo(1);
    assertThat(row.downVotes()).isEqualTo(1);
    assertThat(
            jdbc.queryForObject(
                "SELECT suggestions FROM p_suggestions.daily_outcome"
                    + " WHERE guild_id = ? AND outcome = 'rejected'",
                Long.class,
                GUILD))
        .isEqualTo(1);
  }

  @Test
  void aRestartedProcessorContinuesFromItsTokenAndAppliesNothingTwice() {
    String sid = "a0000003";
    submit(sid);
    write(sid, 1, new VoteCast(GUILD, sid, "21", VoteDirection.UP));
    awaitSequence(sid, 1);

    processor.shutDown();
    write(sid, 2, new VoteCast(GUILD, sid, "22", VoteDirection.UP));
    processor = processor();
    processor.start();

    assertThat(awaitSequence(sid, 2).upVotes()).isEqualTo(2);
    assertThat(votes(sid)).hasSize(2);
  }

  @Test
  void poisonEventsAreDeadLetteredAndTheProjectionContinues() {
    String sid = "a0000004";
    submit(sid);
    var brokenVote = JsonNodeFactory.instance.objectNode().put("direction", "SIDEWAYS");
    EventEnvelope broken =
        log.write(LogWriter.raw(GUILD, "VoteCast", "Suggestion", key(sid), 1, brokenVote));
    EventEnvelope unknown =
        log.write(
            LogWriter.raw(
                GUILD,
                "SuggestionTeleported",
                "Suggestion",
                key(sid),
                2,
                JsonNodeFactory.instance.objectNode().put("to", "the moon")));
    write(sid, 3, new VoteCast(GUILD, sid, "22", VoteDirection.DOWN));

    SuggestionRow row = awaitSequence(sid, 3);

    assertThat(row.downVotes()).isEqualTo(1);
    assertThat(
            jdbc.queryForList(
                "SELECT event_id, event_type FROM p_suggestions.dead_letter ORDER BY sequence"))
        .extracting(r -> r.get("event_id") + " " + r.get("event_type"))
        .containsExactly(
            broken.eventId() + " VoteCast", unknown.eventId() + " SuggestionTeleported");
  }

  private PooledStreamingEventProcessor processor() {
    var source =
        new KafkaEventLogSource(
            Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers()),
            SuggestionTopics.EVENTS,
            new EnvelopeCodec(),
            EventSerialization.envelopes(EventSerialization.serializer()));
    return ProjectionProcessor.create(
        SuggestionsProjection.NAME,
        List.of(new SuggestionsProjection(JdbcStore.live(jdbc, SuggestionsProjection.NAME))),
        source,
        postgres.dataSource(),
        new DataSourceTransactionManager(postgres.dataSource()));
  }

  private EventEnvelope submitted;

  private void submit(String sid) {
    submitted =
        write(sid, 0, new SuggestionSubmitted(GUILD, sid, "10", "More emoji slots", null, false));
  }

  /** The submission of {@code sid} written last, to write it again. */
  private EventEnvelope submitted(String sid) {
    assertThat(submitted.aggregateId()).isEqualTo(key(sid));
    return submitted;
  }

  private EventEnvelope write(String sid, long sequence, Object event) {
    return log.write(GUILD, "Suggestion", key(sid), sequence, event);
  }

  private static String key(String sid) {
    return SuggestionKey.of(GUILD, sid);
  }

  private SuggestionRow awaitSequence(String sid, long sequence) {
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () -> rows.find(GUILD, sid).map(SuggestionRow::lastSequence),
            last -> last.isPresent() && last.get() >= sequence);
    return rows.find(GUILD, sid).orElseThrow();
  }

  private Map<String, String> votes(String sid) {
    Map<String, String> votes = new java.util.HashMap<>();
    jdbc.query(
        "SELECT voter_id, direction FROM p_suggestions.vote WHERE guild_id = ? AND suggestion_id = ?",
        rs -> {
          votes.put(rs.getString(1), rs.getString(2));
        },
        GUILD,
        sid);
    return votes;
  }
}
