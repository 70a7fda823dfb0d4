package gg.suggestions.query.projection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import gg.suggestions.eventstore.contract.guildconfig.GuildToggle;
import gg.suggestions.eventstore.contract.guildconfig.GuildToggleSet;
import gg.suggestions.eventstore.contract.guildconfig.MemberBlocked;
import gg.suggestions.eventstore.contract.suggestion.SuggestionApproved;
import gg.suggestions.eventstore.contract.suggestion.SuggestionKey;
import gg.suggestions.eventstore.contract.suggestion.SuggestionNoteAdded;
import gg.suggestions.eventstore.contract.suggestion.SuggestionRejected;
import gg.suggestions.eventstore.contract.suggestion.SuggestionSubmitted;
import gg.suggestions.eventstore.contract.suggestion.VoteCast;
import gg.suggestions.eventstore.contract.suggestion.VoteDirection;
import gg.suggestions.eventstore.contract.suggestion.VoteSwitched;
import gg.suggestions.query.ProjectionCatalog;
import gg.suggestions.testing.KafkaTestCluster;
import gg.suggestions.testing.TestEvents;
import gg.suggestions.testing.TestPostgres;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;

/**
 * A node whose projections are empty builds them with the bulk path, swaps them in and continues
 * live from there, with the same rows as a replay through the processors; nodes that start together
 * do not get in each other's way.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BootstrapIT {

  @RegisterExtension static final TestPostgres postgres = new TestPostgres();

  private static final Random random = new Random(1807);
  private static KafkaTestCluster cluster;
  private static LogWriter log;
  private static JdbcTemplate jdbc;
  private static int suggestions;
  private static Map<String, Map<String, String>> replayed;

  @BeforeAll
  static void start() throws Exception {
    cluster = KafkaTestCluster.start(1).withTopics();
    log = new LogWriter(cluster.bootstrapServers());
    jdbc = new JdbcTemplate(postgres.dataSource());
    history(300);
    replayed = replay();
  }

  @AfterAll
  static void stop() {
    log.close();
    cluster.close();
  }

  @Test
  @Order(1)
  void aFreshNodeBuildsItsProjectionsWithTheBulkPathAndMatchesAReplay() throws Exception {
    wipe();
    Map<String, Long> before = schemas();
    Projections node = node("node-a", 0);

    node.start();
    try {
      awaitCaughtUp(node);

      assertThat(swapped(before)).containsExactlyElementsOf(names());
      assertThat(checksums()).isEqualTo(replayed);
    } finally {
      node.stop();
    }
  }

  @Test
  @Order(2)
  void nodesStartingTogetherBuildOnceAndAgree() throws Exception {
    wipe();
    Projections a = node("node-a", 0);
    Projections b = node("node-b", 0);

    CompletableFuture.allOf(
            CompletableFuture.runAsync(a::start), CompletableFuture.runAsync(b::start))
        .get();
    try {
      awaitCaughtUp(a);
      awaitCaughtUp(b);

      assertThat(checksums()).isEqualTo(replayed);
      assertThat(jdbc.queryForObject("SELECT count(*) FROM p_suggestions.bootstrap", Long.class))
          .isZero();
    } finally {
      a.stop();
      b.stop();
    }
  }

  @Test
  @Order(3)
  void aLogUnderTheThresholdIsReplayedByTheProcessors() throws Exception {
    wipe();
    Map<String, Long> before = schemas();
    Projections node = node("node-a", 1_000_000);

    node.start();
    try {
      awaitCaughtUp(node);

      assertThat(swapped(before)).isEmpty();
      assertThat(checksums()).isEqualTo(replayed);
    } finally {
      node.stop();
    }
  }

  @Test
  @Order(4)
  void aBootstrappedNodeContinuesLiveFromWhereTheBulkPathStopped() throws Exception {
    wipe();
    Projections node = node("node-a", 0);
    node.start();
    Map<String, Map<String, String>> continued;
    try {
      awaitCaughtUp(node);
      String last = history(100);
      await()
          .atMost(Duration.ofSeconds(60))
          .until(
              () ->
                  jdbc.queryForObject(
                          "SELECT count(*) FROM p_suggestions.suggestion WHERE suggestion_id = ?",
                          Long.class,
                          last)
                      == 1);
      awaitCaughtUp(node);
      awaitEverythingWrittenApplied();
      // The interaction projections too: every interaction counted.
      await()
          .atMost(Duration.ofSeconds(60))
          .until(
              () ->
                  jdbc.queryForObject(
                          "SELECT coalesce(sum(interactions), 0) FROM p_usage.hourly_interactions",
                          Long.class)
                      == suggestions);
      continued = checksums();
    } finally {
      node.stop();
    }

    assertThat(continued).isEqualTo(replay());
  }

  @Test
  @Order(5)
  void aNewVersionOfAProjectionsRulesRebuildsItWhateverTheLogsSize() throws Exception {
    Projections old = node("node-a", 0);
    old.start();
    try {
      awaitCaughtUp(old);
    } finally {
      old.stop();
    }
    Map<String, Long> before = schemas();
    Projections node = node("node-a", Long.MAX_VALUE, Map.of("suggestions", 2));

    node.start();
    Map<String, Map<String, String>> rebuilt;
    try {
      awaitCaughtUp(node);
      rebuilt = checksums();
    } finally {
      node.stop();
    }

    assertThat(swapped(before)).containsExactly("suggestions");
    assertThat(
            jdbc.queryForObject(
                "SELECT obj_description('p_suggestions'::regnamespace, 'pg_namespace')",
                String.class))
        .endsWith("rules version 2");
    assertThat(rebuilt).isEqualTo(replay());
  }

  /**
   * Writes {@code count} more suggestions with votes, notes and resolutions, some guild settings
   * and one interaction per suggestion; returns the last suggestion's id.
   */
  private static String history(int count) {
    String sid = null;
    for (int i = 0; i < count; i++) {
      String guild = "60121976625810639" + random.nextInt(5);
      sid = String.format("s%07d", suggestions++);
      String key = SuggestionKey.of(guild, sid);
      long sequence = 0;
      log.send(
          guild,
          "Suggestion",
          key,
          sequence++,
          new SuggestionSubmitted(guild, sid, "10", "Idea " + sid, null, random.nextBoolean()));
      int voters = random.nextInt(6);
      for (int v = 0; v < voters; v++) {
        VoteDirection direction = random.nextBoolean() ? VoteDirection.UP : VoteDirection.DOWN;
        log.send(
            guild, "Suggestion", key, sequence++, new VoteCast(guild, sid, "2" + v, direction));
      }
      if (voters > 0 && random.nextBoolean()) {
        log.send(
            guild,
            "Suggestion",
            key,
            sequence++,
            new VoteSwitched(guild, sid, "20", VoteDirection.DOWN));
      }
      if (random.nextInt(3) == 0) {
        log.send(
            guild, "Suggestion", key, sequence++, new SuggestionNoteAdded(guild, sid, "12", "n"));
      }
      long last = sequence - 1;
      switch (random.nextInt(3)) {
        case 0 -> {
          log.send(
              guild, "Suggestion", key, sequence, new SuggestionApproved(guild, sid, "12", "ok"));
          last = sequence;
        }
        case 1 -> {
          log.send(
              guild, "Suggestion", key, sequence, new SuggestionRejected(guild, sid, "12", null));
          last = sequence;
        }
        default -> {}
      }
      suggestionSequences += last;
      if (random.nextInt(10) == 0) {
        long next = nextConfigSequence(guild);
        log.send(
            guild,
            "GuildConfig",
            guild,
            next,
            next % 2 == 0
                ? new GuildToggleSet(guild, GuildToggle.KEEP_LOGS, random.nextBoolean())
                : new MemberBlocked(guild, "3" + next, "1"));
      }
      log.send(TestEvents.acceptedToggle("cmd-" + sid, guild));
    }
    log.flush();
    return sid;
  }

  private static final Map<String, Long> configSequences = new LinkedHashMap<>();

  /** The sum over every suggestion written of the sequence of its last event. */
  private static long suggestionSequences;

  /**
   * Waits until the node applied every event written so far to the rows of suggestions and guild
   * configs: each row's last applied sequence is its aggregate's last. ("Caught up" is only to
   * where the log ended when the node started.)
   */
  private static void awaitEverythingWrittenApplied() {
    long configs = configSequences.values().stream().mapToLong(Long::longValue).sum();
    await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () ->
                jdbc.queryForObject(
                            "SELECT coalesce(sum(last_sequence), 0) FROM p_suggestions.suggestion",
                            Long.class)
                        == suggestionSequences
                    && jdbc.queryForObject(
                            "SELECT coalesce(sum(last_sequence), 0) FROM"
                                + " p_guild_config.guild_config",
                            Long.class)
                        == configs);
  }

  /** The next sequence number of the guild's config aggregate. */
  private static long nextConfigSequence(String guild) {
    return configSequences.merge(guild, 0L, (old, zero) -> old + 1);
  }

  /** The checksums of every projection after its processor replayed the whole log. */
  private static Map<String, Map<String, String>> replay() throws Exception {
    wipe();
    Projections node = node("replay", Long.MAX_VALUE);
    node.start();
    try {
      awaitCaughtUp(node);
      return checksums();
    } finally {
      node.stop();
    }
  }

  private static Projections node(String name, long minEvents) {
    return node(name, minEvents, Map.of());
  }

  /** A node whose projections named in {@code versions} run those versions of their rules. */
  private static Projections node(String name, long minEvents, Map<String, Integer> versions) {
    var kafka =
        Map.<String, Object>of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers());
    return new Projections(
        ProjectionCatalog.definitions(
            ProjectionCatalog.ALL.stream()
                .map(
                    entry ->
                        new ProjectionCatalog.Entry(
                            entry.name(),
                            entry.topic(),
                            entry.projection(),
                            versions.getOrDefault(entry.name(), entry.version())))
                .toList(),
            kafka,
            jdbc),
        postgres.dataSource(),
        new DataSourceTransactionManager(postgres.dataSource()),
        new Bootstrap(kafka, postgres.dataSource(), minEvents, name));
  }

  private static void awaitCaughtUp(Projections node) {
    await()
        .atMost(Duration.ofSeconds(90))
        .until(() -> node.status().stream().allMatch(Projections.Status::caughtUp));
    assertThat(node.status()).noneMatch(Projections.Status::failed);
  }

  private static List<String> names() {
    return ProjectionCatalog.ALL.stream().map(ProjectionCatalog.Entry::name).toList();
  }

  /** Drops every projection's schema, and migrates them empty as a node's start would. */
  private static void wipe() {
    for (String name : names()) {
      jdbc.execute("DROP SCHEMA IF EXISTS " + ProjectionProcessor.schemaOf(name) + " CASCADE");
      ProjectionProcessor.migrate(postgres.dataSource(), name);
    }
  }

  /** Each projection schema's object id: a swapped-in copy has another. */
  private static Map<String, Long> schemas() {
    Map<String, Long> ids = new LinkedHashMap<>();
    for (String name : names()) {
      ids.put(
          name,
          jdbc.queryForObject(
              "SELECT oid::bigint FROM pg_namespace WHERE nspname = ?",
              Long.class,
              ProjectionProcessor.schemaOf(name)));
    }
    return ids;
  }

  private static List<String> swapped(Map<String, Long> before) {
    Map<String, Long> now = schemas();
    List<String> swapped = new ArrayList<>();
    before.forEach(
        (name, id) -> {
          if (!id.equals(now.get(name))) {
            swapped.add(name);
          }
        });
    return swapped;
  }

  private static Map<String, Map<String, String>> checksums() throws SQLException {
    Map<String, Map<String, String>> sums = new LinkedHashMap<>();
    for (String name : names()) {
      sums.put(name, Checksums.of(postgres.dataSource(), ProjectionProcessor.schemaOf(name)));
    }
    return sums;
  }
}
