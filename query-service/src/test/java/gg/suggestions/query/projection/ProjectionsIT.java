package gg.suggestions.query.projection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import gg.suggestions.eventstore.contract.guildconfig.GuildChannel;
import gg.suggestions.eventstore.contract.guildconfig.GuildChannelSet;
import gg.suggestions.eventstore.contract.guildconfig.GuildToggle;
import gg.suggestions.eventstore.contract.guildconfig.GuildToggleSet;
import gg.suggestions.eventstore.contract.guildconfig.MemberBlocked;
import gg.suggestions.eventstore.contract.guildconfig.MemberUnblocked;
import gg.suggestions.eventstore.contract.guildconfig.SubmissionAdmitted;
import gg.suggestions.eventstore.contract.guildconfig.SuggestionLimitSet;
import gg.suggestions.eventstore.contract.suggestion.QueueKey;
import gg.suggestions.eventstore.contract.suggestion.QueueMode;
import gg.suggestions.eventstore.contract.suggestion.QueuedSuggestionApproved;
import gg.suggestions.eventstore.contract.suggestion.SuggestionQueued;
import gg.suggestions.eventstore.contract.userconfig.DirectMessagesSet;
import gg.suggestions.eventstore.contract.userconfig.ThreadPingsSet;
import gg.suggestions.eventstore.envelope.EnvelopeCodec;
import gg.suggestions.eventstore.log.KafkaEventLogSource;
import gg.suggestions.eventstore.registry.EventSerialization;
import gg.suggestions.eventstore.topic.SuggestionTopics;
import gg.suggestions.query.projection.guildconfig.GuildConfigProjection;
import gg.suggestions.query.projection.guildconfig.GuildConfigQueries;
import gg.suggestions.query.projection.guildconfig.GuildConfigRow;
import gg.suggestions.query.projection.queue.QueueProjection;
import gg.suggestions.query.projection.queue.QueueQueries;
import gg.suggestions.query.projection.queue.QueuedItemRow;
import gg.suggestions.query.projection.store.JdbcStore;
import gg.suggestions.query.projection.store.Store;
import gg.suggestions.query.projection.userconfig.UserConfigProjection;
import gg.suggestions.query.projection.userconfig.UserConfigQueries;
import gg.suggestions.query.projection.userconfig.UserConfigRow;
import gg.suggestions.testing.KafkaTestCluster;
import gg.suggestions.testing.TestPostgres;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;

/** The config and queue projections, run together the way a node runs them. */
class ProjectionsIT {

  @RegisterExtension static final TestPostgres postgres = new TestPostgres();

  private static final String GUILD = "601219766258106399";
  private static KafkaTestCluster cluster;
  private static LogWriter log;
  private static Projections projections;
  private static JdbcTemplate jdbc;
  private static GuildConfigQueries guildConfigs;
  private static UserConfigQueries userConfigs;
  private static QueueQueries queue;

  @BeforeAll
  static void start() {
    cluster = KafkaTestCluster.start(1).withTopics();
    log = new LogWriter(cluster.bootstrapServers());
    jdbc = new JdbcTemplate(postgres.dataSource());
    guildConfigs = new GuildConfigQueries(jdbc);
    userConfigs = new UserConfigQueries(jdbc);
    queue = new QueueQueries(jdbc);
    projections = projections();
    projections.start();
  }

  /** The three projections, each reading the log through a source of its own, as a node does. */
  private static Projections projections() {
    return new Projections(
        List.of(
            definition(GuildConfigProjection.NAME, GuildConfigProjection::new),
            definition(UserConfigProjection.NAME, UserConfigProjection::new),
            definition(QueueProjection.NAME, QueueProjection::new)),
        postgres.dataSource(),
        new DataSourceTransactionManager(postgres.dataSource()));
  }

  private static Projections.Definition definition(
      String name, Function<Store, Object> projection) {
    return new Projections.Definition(
        name, events(), List.of(projection.apply(JdbcStore.live(jdbc, name))));
  }

  private static KafkaEventLogSource events() {
    return new KafkaEventLogSource(
        Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers()),
        SuggestionTopics.EVENTS,
        new EnvelopeCodec(),
        EventSerialization.envelopes(EventSerialization.serializer()));
  }

  @AfterAll
  static void stop() {
    projections.stop();
    log.close();
    cluster.close();
  }

  @Test
  void aGuildsSettingsAreShownWithTheirDefaults() {
    guildEvent(0, new GuildChannelSet(GUILD, GuildChannel.SUGGESTIONS, "701219766258106399"));
    guildEvent(1, new GuildToggleSet(GUILD, GuildToggle.KEEP_LOGS, true));
    guildEvent(2, new SubmissionAdmitted(GUILD, "10", "k3x9ab2f", Instant.now()));
    guildEvent(3, new SuggestionLimitSet(GUILD, 2, Duration.ofMinutes(5)));
    guildEvent(4, new MemberBlocked(GUILD, "13", "1"));
    guildEvent(5, new MemberBlocked(GUILD, "14", "1"));
    guildEvent(6, new MemberUnblocked(GUILD, "13", "1"));

    await().atMost(Duration.ofSeconds(30)).until(() -> guildConfigs.of(GUILD).lastSequence() == 6);
    GuildConfigRow config = guildConfigs.of(GUILD);

    assertThat(config.channels())
        .containsExactlyEntriesOf(Map.of(GuildChannel.SUGGESTIONS, "701219766258106399"));
    assertThat(config.toggles()).containsEntry(GuildToggle.KEEP_LOGS, true);
    assertThat(config.toggles()).containsEntry(GuildToggle.DM_MESSAGES, true);
    assertThat(config.toggles()).hasSize(GuildToggle.values().length);
    assertThat(config.limit()).isEqualTo(new GuildConfigRow.Limit(2, Duration.ofMinutes(5)));
    assertThat(config.blocklist()).containsExactly("14");
    assertThat(guildConfigs.of("601219766258106300").toggles())
        .containsEntry(GuildToggle.KEEP_LOGS, false);
  }

  @Test
  void aMembersSettingsKeepWhatTheyDidNotChange() {
    String user = "900000000000000001";
    log.write(null, "UserConfig", "user:" + user, 0, new DirectMessagesSet(user, false));
    log.write(null, "UserConfig", "user:" + user, 1, new ThreadPingsSet(user, false));
    log.write(null, "UserConfig", "user:" + user, 2, new ThreadPingsSet(user, true));

    await().atMost(Duration.ofSeconds(30)).until(() -> userConfigs.of(user).lastSequence() == 2);

    assertThat(userConfigs.of(user)).isEqualTo(new UserConfigRow(user, false, true, 2));
    assertThat(userConfigs.of("900000000000000002").directMessages()).isTrue();
  }

  @Test
  void queuedItemsAreCountedPerModeUntilResolved() {
    String guild = "601219766258106398";
    queued(guild, "q0000001", QueueMode.VIRTUAL);
    queued(guild, "q0000002", QueueMode.CHANNEL);
    queued(guild, "q0000003", QueueMode.CHANNEL);
    log.write(
        guild,
        "QueuedSuggestion",
        QueueKey.of(guild, "q0000002"),
        1,
        new QueuedSuggestionApproved(guild, "q0000002", "12", "Yes", "k3x9ab2f"));

    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () -> queue.find(guild, "q0000002").map(QueuedItemRow::lastSequence).orElse(-1L) == 1);

    assertThat(queue.waitingPerMode(guild))
        .containsExactlyInAnyOrderEntriesOf(Map.of(QueueMode.VIRTUAL, 1L, QueueMode.CHANNEL, 1L));
    assertThat(queue.waiting(guild, 0, 10))
        .extracting(QueuedItemRow::queueId)
        .containsExactly("q0000001", "q0000003");
    assertThat(queue.find(guild, "q0000002").orElseThrow().publishedAs()).isEqualTo("k3x9ab2f");
  }

  @Test
  void everyProjectionReportsItselfCaughtUp() {
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                assertThat(projections.status())
                    .extracting(Projections.Status::name, Projections.Status::caughtUp)
                    .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(GuildConfigProjection.NAME, true),
                        org.assertj.core.groups.Tuple.tuple(UserConfigProjection.NAME, true),
                        org.assertj.core.groups.Tuple.tuple(QueueProjection.NAME, true)));
  }

  /**
   * After a restart, a projection whose event types no longer appear in the log (queued items,
   * under a load of guild settings) still reaches the log's end taken at start: its tokens advance
   * over the events it ignores. (A suspect for FailoverBench's node that never became ready; it is
   * not the cause.)
   */
  @Test
  void aProjectionWhoseTypesStoppedAppearingIsCaughtUpAfterARestart() {
    String guild = "601219766258106397";
    queued(guild, "q0000009", QueueMode.VIRTUAL);
    await().atMost(Duration.ofSeconds(30)).until(() -> queue.find(guild, "q0000009").isPresent());
    projections.stop();
    String other = "601219766258106396";
    for (int sequence = 0; sequence < 20; sequence++) {
      log.write(
          other,
          "GuildConfig",
          other,
          sequence,
          new GuildToggleSet(other, GuildToggle.KEEP_LOGS, sequence % 2 == 0));
    }

    projections = projections();
    projections.start();

    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                assertThat(projections.status())
                    .allSatisfy(
                        status -> assertThat(status.caughtUp()).as(status.name()).isTrue()));
    assertThat(guildConfigs.of(other).lastSequence()).isEqualTo(19);
  }

  private static void guildEvent(long sequence, Object event) {
    log.write(GUILD, "GuildConfig", GUILD, sequence, event);
  }

  private static void queued(String guild, String queueId, QueueMode mode) {
    log.write(
        guild,
        "QueuedSuggestion",
        QueueKey.of(guild, queueId),
        0,
        new SuggestionQueued(guild, queueId, "10", "Idea " + queueId, null, false, mode));
  }
}
