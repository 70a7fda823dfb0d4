package gg.suggestions.query.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import gg.suggestions.eventstore.contract.suggestion.SuggestionKey;
import gg.suggestions.eventstore.contract.suggestion.SuggestionSubmitted;
import gg.suggestions.eventstore.contract.suggestion.VoteCast;
import gg.suggestions.eventstore.contract.suggestion.VoteDirection;
import gg.suggestions.eventstore.log.KafkaEventLogSource;
import gg.suggestions.eventstore.topic.SuggestionTopics;
import gg.suggestions.query.ProjectionCatalog;
import gg.suggestions.query.projection.LogWriter;
import gg.suggestions.query.projection.Projections;
import gg.suggestions.query.projection.RebuildLock;
import gg.suggestions.query.projection.store.JdbcStore;
import gg.suggestions.query.projection.suggestions.SuggestionQueries;
import gg.suggestions.query.projection.suggestions.SuggestionRow;
import gg.suggestions.query.projection.suggestions.SuggestionsProjection;
import gg.suggestions.testing.KafkaTestCluster;
import gg.suggestions.testing.TestPostgres;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;

/** suggestionsctl against a real broker and database, beside a running suggestions projection. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SuggestionsctlIT {

  @RegisterExtension static final TestPostgres postgres = new TestPostgres();

  private static final String GUILD = "601219766258106399";
  private static final String SID = "c0000001";
  private static KafkaTestCluster cluster;
  private static LogWriter log;
  private static Projections live;
  private static JdbcTemplate jdbc;
  private static SuggestionQueries queries;

  @BeforeAll
  static void start() {
    cluster = KafkaTestCluster.start(1).withTopics();
    log = new LogWriter(cluster.bootstrapServers());
    jdbc = new JdbcTemplate(postgres.dataSource());
    queries = new SuggestionQueries(jdbc);
    write(0, new SuggestionSubmitted(GUILD, SID, "10", "Voice channels", null, false));
    for (int i = 1; i <= 40; i++) {
      write(
          i,
          new VoteCast(
              GUILD,
              SID,
              "9000000000000000" + (10 + i),
              i % 4 == 0 ? VoteDirection.DOWN : VoteDirection.UP));
    }
    log.write(
        LogWriter.raw(
            GUILD,
            "SuggestionTeleported",
            "Suggestion",
            key(),
            41,
            JsonNodeFactory.instance.objectNode()));
    abortOneTransactionOnEveryOtherPartition();
    live =
        new Projections(
            List.of(
                new Projections.Definition(
                    SuggestionsProjection.NAME,
                    new KafkaEventLogSource(
                        Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers()),
                        ProjectionCatalog.named(SuggestionsProjection.NAME).orElseThrow().topic(),
                        ProjectionCatalog.recordsOf(
                            ProjectionCatalog.named(SuggestionsProjection.NAME)
                                .orElseThrow()
                                .topic())),
                    List.of(
                        new SuggestionsProjection(
                            JdbcStore.live(jdbc, SuggestionsProjection.NAME))))),
            postgres.dataSource(),
            new DataSourceTransactionManager(postgres.dataSource()));
    live.start();
    awaitUpVotes(30);
  }

  /**
   * An aborted record and its marker take two offsets on each partition but the guild's; a
   * committed reader sees none of them, so {@code status} must not count them as lag.
   */
  private static void abortOneTransactionOnEveryOtherPartition() {
    int partitions = 12;
    int guildPartition =
        Utils.toPositive(Utils.murmur2(GUILD.getBytes(StandardCharsets.UTF_8))) % partitions;
    Map<String, Object> config =
        Map.of(
            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
            cluster.bootstrapServers(),
            ProducerConfig.TRANSACTIONAL_ID_CONFIG,
            "status-it-aborter");
    try (var producer =
        new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer())) {
      producer.initTransactions();
      producer.beginTransaction();
      for (int p = 0; p < partitions; p++) {
        if (p != guildPartition) {
          producer.send(
              new ProducerRecord<>(
                  SuggestionTopics.EVENTS, p, null, "aborted".getBytes(StandardCharsets.UTF_8)));
        }
      }
      producer.flush();
      producer.abortTransaction();
    }
  }

  @AfterAll
  static void stop() {
    live.stop();
    log.close();
    cluster.close();
  }

  @Test
  @Order(1)
  void statusShowsThePositionTheLagAndTheDeadLetter() {
    Run status = ctl("status");

    assertThat(status.exit).isEqualTo(Suggestionsctl.FOUND_SOMETHING);
    assertThat(status.out)
        .containsPattern("suggestions\\s+\\S+\\s+42\\s+0\\s+1")
        .contains("guild_config")
        .contains("(not created yet");
  }

  @Test
  @Order(2)
  void verifyFindsTheLiveProjectionEqualToARebuild() {
    Run verify = ctl("verify", "--projection", "suggestions");

    assertThat(verify.exit).as(verify.out + verify.err).isZero();
    assertThat(verify.out).contains("suggestions: verified");
    assertThat(jdbc.queryForList("SELECT 1 FROM pg_namespace WHERE nspname = 'p_suggestions_next'"))
        .isEmpty();
  }

  @Test
  @Order(3)
  void aRebuildWaitsForNoOtherRebuildOfTheDatabase() throws Exception {
    try (RebuildLock other = RebuildLock.acquire(postgres.dataSource())) {
      Run refused = ctl("rebuild", "--projection", "suggestions");

      assertThat(refused.exit).isEqualTo(1);
      assertThat(refused.err).contains("another rebuild, or a node's bootstrap");
    }
    assertThat(ctl("rebuild", "--projection", "suggestions").exit).isZero();
  }

  @Test
  @Order(3)
  void verifyFindsACorruptedProjection() {
    jdbc.update("UPDATE p_suggestions.suggestion SET up_votes = 99");

    Run verify = ctl("verify", "--projection", "suggestions");

    assertThat(verify.exit).isEqualTo(Suggestionsctl.FOUND_SOMETHING);
    assertThat(verify.out).contains("suggestions: DIFFERS");
  }

  @Test
  @Order(4)
  void aVerifiedRebuildThatDiffersKeepsTheLiveProjection() {
    Run rebuild = ctl("rebuild", "--projection", "suggestions", "--verify");

    assertThat(rebuild.exit).isEqualTo(Suggestionsctl.FOUND_SOMETHING);
    assertThat(rebuild.out)
        .contains("suggestions: DIFFERS")
        .doesNotContain("suggestions: swapped in");
    assertThat(rebuild.out).contains("suggestions: not swapped in");
    assertThat(
            jdbc.queryForObject("SELECT max(up_votes) FROM p_suggestions.suggestion", Long.class))
        .isEqualTo(99);
    assertThat(jdbc.queryForList("SELECT 1 FROM pg_namespace WHERE nspname = 'p_suggestions_next'"))
        .isEmpty();
  }

  @Test
  @Order(5)
  void aShadowRebuildUnderReadLoadSwapsAtomicallyAndTheLiveProcessorContinues() throws Exception {
    AtomicBoolean reading = new AtomicBoolean(true);
    AtomicLong reads = new AtomicLong();
    AtomicLong failures = new AtomicLong();
    AtomicLong torn = new AtomicLong();
    Thread reader =
        new Thread(
            () -> {
              while (reading.get()) {
                try {
                  SuggestionRow row = queries.one(GUILD, SID).orElseThrow();
                  // Before the swap the corrupted row, after it the rebuilt one; nothing between.
                  if (row.upVotes() != 99 && row.upVotes() != 30 && row.upVotes() != 31) {
                    torn.incrementAndGet();
                  }
                  reads.incrementAndGet();
                } catch (RuntimeException e) {
                  failures.incrementAndGet();
                }
              }
            });
    List<String> indexesBefore = indexes();
    reader.start();

    Run rebuild = ctl("rebuild", "--projection", "suggestions", "--workers", "1");
    write(42, new VoteCast(GUILD, SID, "900000000000000099", VoteDirection.UP));
    awaitUpVotes(31);
    reading.set(false);
    reader.join();

    assertThat(rebuild.exit).as(rebuild.out + rebuild.err).isZero();
    assertThat(rebuild.out).contains("suggestions: swapped in");
    assertThat(rebuild.err).contains("100%").contains("partitions (offset/target)");
    assertThat(reads.get()).isPositive();
    assertThat(failures.get()).isZero();
    assertThat(torn.get()).isZero();
    assertThat(jdbc.queryForObject("SELECT count(*) FROM p_suggestions.dead_letter", Long.class))
        .isEqualTo(1);
    assertThat(indexes()).isEqualTo(indexesBefore).contains("vote_pkey", "suggestion_by_state");
  }

  /** The projection's indexes, primary keys included. */
  private static List<String> indexes() {
    return jdbc.queryForList(
        "SELECT indexname FROM pg_indexes WHERE schemaname = 'p_suggestions' ORDER BY indexname",
        String.class);
  }

  @Test
  @Order(6)
  void eventsTailPrintsTheChosenEventsAsJsonLines() {
    Run tail =
        ctl(
            "events",
            "tail",
            "--from-beginning",
            "--until-end",
            "--type",
            "VoteCast",
            "--guild",
            GUILD);

    assertThat(tail.exit).isZero();
    assertThat(tail.out.lines())
        .hasSize(41)
        .allMatch(line -> line.contains("\"type\":\"VoteCast\""));
  }

  @Test
  @Order(7)
  void aProcessorRebuildRefusesWhileANodeRunsTheProcessor() {
    // A swap changes the token under the live processor, which releases its claim and takes it
    // again from the swapped-in token within a few seconds.
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                jdbc.queryForObject(
                    "SELECT count(*) FROM p_suggestions.token_entry WHERE owner IS NOT NULL",
                    Long.class),
            claimed -> claimed > 0);
    Run reset = ctl("rebuild", "--projection", "suggestions", "--mode", "processor");

    assertThat(reset.exit).isEqualTo(1);
    assertThat(reset.err).contains("Stop every query node first");
    assertThat(queries.one(GUILD, SID)).isPresent();
  }

  @Nested
  class RefusesABadCommandLine {

    @Test
    void anUnknownProjection() {
      Run run = ctl("rebuild", "--projection", "nope");

      assertThat(run.exit).isEqualTo(2);
      assertThat(run.err).contains("There is no projection 'nope'");
    }

    @Test
    void noProjectionAtAll() {
      assertThat(ctl("rebuild").exit).isEqualTo(2);
    }

    @Test
    void workersOutOfRange() {
      for (String workers : List.of("0", "-3", "257", "2147483647")) {
        Run run = ctl("rebuild", "--all", "--workers", workers);

        assertThat(run.exit).as(workers).isEqualTo(2);
        assertThat(run.err).as(workers).contains("--workers is a number of partitions");
      }
      assertThat(ctl("rebuild", "--all", "--workers", "two").exit).isEqualTo(2);
    }

    @Test
    void unreadableOffsets() {
      Run run = ctl("rebuild", "--all", "--from", "zero:one");

      assertThat(run.exit).isEqualTo(2);
      assertThat(run.err).contains("partition:offset");
    }
  }

  private record Run(int exit, String out, String err) {}

  private static Run ctl(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    List<String> line = new java.util.ArrayList<>(List.of(args));
    line.add("--bootstrap-servers=" + cluster.bootstrapServers());
    line.add("--db-url=" + postgres.jdbcUrl());
    line.add("--db-user=" + postgres.user());
    int exit =
        Suggestionsctl.run(
            new PrintWriter(out, true), new PrintWriter(err, true), line.toArray(String[]::new));
    return new Run(exit, out.toString(), err.toString());
  }

  private static void awaitUpVotes(int up) {
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> queries.one(GUILD, SID).map(SuggestionRow::upVotes).orElse(-1) == up);
  }

  private static void write(long sequence, Object event) {
    log.write(GUILD, "Suggestion", key(), sequence, event);
  }

  private static String key() {
    return SuggestionKey.of(GUILD, SID);
  }
}
