package gg.suggestions.query.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import gg.suggestions.eventstore.contract.guildconfig.GuildToggle;
import gg.suggestions.eventstore.contract.guildconfig.GuildToggleSet;
import gg.suggestions.eventstore.envelope.CommandCodec;
import gg.suggestions.eventstore.envelope.EnvelopeCodec;
import gg.suggestions.eventstore.envelope.EventEnvelope;
import gg.suggestions.eventstore.topic.SuggestionTopics;
import gg.suggestions.query.ProjectionCatalog;
import gg.suggestions.query.projection.LogWriter;
import gg.suggestions.query.projection.Projections;
import gg.suggestions.testing.HostileRecords;
import gg.suggestions.testing.HostileRecords.Hostile;
import gg.suggestions.testing.KafkaTestCluster;
import gg.suggestions.testing.TestEvents;
import gg.suggestions.testing.TestPostgres;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;

/**
 * Every projection, live and rebuilt, survives any record on the log: hostile records on the event
 * and interaction topics are dead-lettered with their place in the log, good events after them are
 * projected, and a rebuild dead-letters the very same records.
 */
class PoisonRecordsIT {

  @RegisterExtension static final TestPostgres postgres = new TestPostgres();

  private static final String GOOD = "601219766258106399";
  private static final long SEED = HostileRecords.seed();
  private static final String WHY =
      "hostile records of seed " + SEED + " (-D" + HostileRecords.SEED + "=" + SEED + ")";
  private static final ObjectMapper JSON = EnvelopeCodec.defaultMapper();
  private static final CommandCodec commands = new CommandCodec(EnvelopeCodec.defaultMapper());

  private static KafkaTestCluster cluster;
  private static LogWriter log;
  private static Projections live;
  private static JdbcTemplate jdbc;
  private static List<Hostile> hostileEvents;
  private static List<String> refusedEvents;
  private static List<String> refusedInteractions;

  @BeforeAll
  static void start() {
    cluster = KafkaTestCluster.start(1).withTopics();
    log = new LogWriter(cluster.bootstrapServers());
    jdbc = new JdbcTemplate(postgres.dataSource());
    Random random = new Random(SEED);
    toggle(GOOD, 0, false);
    log.send(TestEvents.acceptedToggle("good-1", GOOD));
    log.flush();
    var template = log.write("42", "GuildConfig", "42", 0, toggleOf("42", true));
    hostileEvents =
        new ArrayList<>(
            HostileRecords.of(new EnvelopeCodec().encode(template), "aggregateId", random));
    hostileEvents.add(terminalEscapes(template));
    refusedEvents = produce(SuggestionTopics.EVENTS, hostileEvents);
    refusedInteractions =
        produce(
            SuggestionTopics.INTERACTIONS,
            HostileRecords.of(
                commands.encode(TestEvents.acceptedToggle("template", GOOD)), "commandId", random));
    toggle(GOOD, 1, true);
    log.send(TestEvents.acceptedToggle("good-2", GOOD));
    log.flush();
    live =
        new Projections(
            definitions(),
            postgres.dataSource(),
            new DataSourceTransactionManager(postgres.dataSource()));
    live.start();
  }

  @AfterAll
  static void stop() {
    live.stop();
    log.close();
    cluster.close();
  }

  @Test
  void everyProjectionPassesTheHostileRecordsAndRebuildsToTheSameDeadLetters() {
    await()
        .atMost(Duration.ofSeconds(90))
        .untilAsserted(
            () ->
                assertThat(live.status())
                    .as(WHY)
                    .allSatisfy(
                        s -> assertThat(s.caughtUp() && !s.failed()).as(s + " " + WHY).isTrue()));
    await()
        .atMost(Duration.ofSeconds(60))
        .ignoreExceptions()
        .untilAsserted(PoisonRecordsIT::goodEventsAfterTheHostileOnesAreProjected);

    // The good records may sit on other partitions than the hostile ones: wait for the last of
    // those too, rather than trusting Axon's early "caught up".
    await()
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(
            () -> {
              assertThat(deadKeys("guild_config")).as(WHY).containsAll(refusedEvents);
              assertThat(deadKeys("suggestions"))
                  .as(WHY)
                  .containsAll(unreadable(refusedEvents, "guild_config"));
              assertThat(deadKeys("locale_stats")).as(WHY).containsAll(refusedInteractions);
              assertThat(deadKeys("member_stats")).as(WHY).containsAll(refusedInteractions);
            });
    Run status = ctl("status");
    assertThat(status.exit).as(status.out + WHY).isEqualTo(Suggestionsctl.FOUND_SOMETHING);
    // Every record that is not an envelope is listed once with its place, or counted per
    // partition past the first few.
    List<String> notEnvelopes =
        new ArrayList<>(unreadable(refusedEvents, "guild_config"))
            .stream().sorted(Comparator.comparingLong(PoisonRecordsIT::offsetOf)).toList();
    assertThat(notEnvelopes).as(WHY).isNotEmpty();
    assertThat(status.out).as(WHY).contains("UNREADABLE RECORDS");
    for (String key : notEnvelopes.subList(0, Math.min(notEnvelopes.size(), 5))) {
      assertThat(status.out).as(WHY).contains(key.replace("@", " offset ") + " (guild_config, ");
    }
    Run verify = ctl("verify", "--all");
    assertThat(verify.exit).as(verify.out + verify.err + WHY).isZero();
    Run rebuild = ctl("rebuild", "--all");
    assertThat(rebuild.exit).as(rebuild.out + rebuild.err + WHY).isZero();
    assertThat(deadKeys("guild_config")).as(WHY).containsAll(refusedEvents);
  }

  @Test
  void eventsTailPrintsEveryRecordAsOneLineWithoutControlCharacters() throws Exception {
    Run tail = ctl("events", "tail", "--from-beginning", "--until-end");

    assertThat(tail.exit).as(tail.err + WHY).isZero();
    List<String> events = tail.out.lines().toList();
    List<String> unreadable = tail.err.lines().toList();
    assertThat(events.size() + unreadable.size()).as(WHY).isEqualTo(3 + hostileEvents.size());
    for (String line : events) {
      assertThat(JSON.readTree(line).isObject()).as(line + WHY).isTrue();
    }
    assertThat(unreadable)
        .as(WHY)
        .allMatch(
            l ->
                l.matches("suggestionsctl: unreadable record suggestions\\.events\\.v1-0@\\d+: .+"))
        .doesNotHaveDuplicates();
    assertThat((tail.out + tail.err).chars().noneMatch(PoisonRecordsIT::isRawControl))
        .as(tail.out + tail.err + WHY)
        .isTrue();
  }

  /** A control character other than a line break, or half of a surrogate pair. */
  private static boolean isRawControl(int c) {
    return c < 0x20 && c != '\n' || c >= 0x7f && c <= 0x9f || Character.isSurrogate((char) c);
  }

  /** An envelope whose aggregate id would colour, move and garble a terminal. */
  private static Hostile terminalEscapes(EventEnvelope template) {
    ObjectNode envelope = JSON.valueToTree(template);
    envelope.put("eventId", "terminal-" + System.nanoTime());
    envelope.put("aggregateId", "42\u001b[31m\u009b2J\u007f\r");
    try {
      return new Hostile("terminal escapes", JSON.writeValueAsBytes(envelope), false);
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void goodEventsAfterTheHostileOnesAreProjected() {
    assertThat(
            jdbc.queryForObject(
                "SELECT last_sequence FROM p_guild_config.guild_config WHERE guild_id = ?",
                Long.class,
                GOOD))
        .as(WHY)
        .isEqualTo(1L);
    assertThat(
            jdbc.queryForObject(
                "SELECT count(*) FROM p_member_stats.member_stat WHERE guild_id = ?",
                Long.class,
                GOOD))
        .as(WHY)
        .isPositive();
  }

  /** The refused events' keys that every projection of the topic refuses: those no envelope. */
  private static List<String> unreadable(List<String> keys, String projection) {
    List<String> notEnvelopes =
        jdbc.queryForList(
            "SELECT dead_key FROM p_" + projection + ".dead_letter WHERE event_id IS NULL",
            String.class);
    return keys.stream().filter(notEnvelopes::contains).toList();
  }

  private static long offsetOf(String deadKey) {
    return Long.parseLong(deadKey.substring(deadKey.lastIndexOf('@') + 1));
  }

  private static List<String> deadKeys(String projection) {
    return jdbc.queryForList("SELECT dead_key FROM p_" + projection + ".dead_letter", String.class);
  }

  /** Produces {@code hostile} to partition 0; returns the dead letter keys of the refused ones. */
  private static List<String> produce(String topic, List<Hostile> hostile) {
    List<Long> offsets = HostileRecords.produce(cluster.bootstrapServers(), topic, 0, hostile);
    List<String> refused = new ArrayList<>();
    for (int i = 0; i < hostile.size(); i++) {
      if (hostile.get(i).refused()) {
        refused.add(topic + "-0@" + offsets.get(i));
      }
    }
    return refused;
  }

  private static List<Projections.Definition> definitions() {
    return ProjectionCatalog.definitions(
        ProjectionCatalog.ALL,
        Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers()),
        jdbc);
  }

  private static void toggle(String guild, long sequence, boolean enabled) {
    log.write(guild, "GuildConfig", guild, sequence, toggleOf(guild, enabled));
  }

  private static GuildToggleSet toggleOf(String guild, boolean enabled) {
    return new GuildToggleSet(guild, GuildToggle.VOTERS_VISIBLE, enabled);
  }

  private record Run(int exit, String out, String err) {}

  private static Run ctl(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    List<String> line = new ArrayList<>(List.of(args));
    line.add("--bootstrap-servers=" + cluster.bootstrapServers());
    line.add("--db-url=" + postgres.jdbcUrl());
    line.add("--db-user=" + postgres.user());
    int exit =
        Suggestionsctl.run(
            new PrintWriter(out, true), new PrintWriter(err, true), line.toArray(String[]::new));
    return new Run(exit, out.toString(), err.toString());
  }
}
