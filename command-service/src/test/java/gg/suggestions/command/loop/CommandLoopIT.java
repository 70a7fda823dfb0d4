package gg.suggestions.command.loop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import gg.suggestions.eventstore.contract.Actor;
import gg.suggestions.eventstore.envelope.CommandEnvelope;
import gg.suggestions.eventstore.envelope.EventEnvelope;
import gg.suggestions.eventstore.envelope.EventIds;
import gg.suggestions.eventstore.envelope.InteractionEnvelope;
import gg.suggestions.eventstore.envelope.ReplyEnvelope;
import gg.suggestions.eventstore.topic.SuggestionTopics;
import gg.suggestions.testing.KafkaTestCluster;
import gg.suggestions.testing.TestCommands;
import gg.suggestions.testing.TestPostgres;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A story of the command side on a real broker and PostgreSQL: commands go in on the command topic;
 * replies, events and the replica come out of one loop.
 */
class CommandLoopIT {

  @RegisterExtension static final TestPostgres postgres = new TestPostgres();

  private static final String GUILD = "601219766258106399";

  private static KafkaTestCluster cluster;
  private static KafkaProducer<String, byte[]> gateway;
  private static CommandLoopLifecycle loop;

  @BeforeAll
  static void start() throws Exception {
    cluster = KafkaTestCluster.start(1).withTopics();
    gateway = TestCommands.gateway(cluster.bootstrapServers());
    loop =
        new CommandLoopLifecycle(
            CommandNode.create(
                    cluster.bootstrapServers(),
                    postgres.dataSource(),
                    Clock.fixed(Instant.parse("2026-06-01T08:00:00Z"), ZoneOffset.UTC))
                .loop());
    loop.start();
  }

  @AfterAll
  static void stop() throws Exception {
    loop.stop();
    gateway.close();
    cluster.close();
  }

  @Test
  void aModeratorsSettingIsAcknowledgedOnlyWithItsEventOnTheLogAndInTheReplica() throws Exception {
    send(command("cmd-accepted", "SetGuildToggle", new Actor("1", Actor.MANAGE_GUILD, List.of())));

    ReplyEnvelope reply = awaitReply("cmd-accepted");

    assertThat(reply.accepted()).isTrue();
    List<EventEnvelope> logged = eventsOf(GUILD);
    assertThat(logged).extracting(EventEnvelope::eventId).contains(EventIds.of("cmd-accepted", 0));
    EventEnvelope event =
        logged.stream()
            .filter(e -> e.eventId().equals(EventIds.of("cmd-accepted", 0)))
            .findFirst()
            .orElseThrow();
    assertThat(event.type()).isEqualTo("GuildToggleSet");
    assertThat(event.metadata().actorId()).isEqualTo("1");
    assertThat(event.metadata().locale()).isEqualTo("de");
    await().atMost(Duration.ofSeconds(10)).until(() -> replicaHas(EventIds.of("cmd-accepted", 0)));
  }

  @Test
  void aMembersSettingIsRefusedWithItsCodeAndWritesNothing() throws Exception {
    send(command("cmd-refused", "SetGuildToggle", new Actor("2", 0, List.of())));

    ReplyEnvelope reply = awaitReply("cmd-refused");

    assertThat(reply.accepted()).isFalse();
    assertThat(reply.errorCode()).isEqualTo(1100);
    assertThat(eventsOf(GUILD)).noneMatch(e -> e.metadata().commandId().equals("cmd-refused"));
  }

  @Test
  void malformedCommandsAreRefusedWhenTheRequesterIsKnownAndNeverStopTheLoop() throws Exception {
    var meters = new SimpleMeterRegistry();
    Metrics.addRegistry(meters);
    RecordMetadata garbage =
        gateway
            .send(
                new ProducerRecord<>(
                    SuggestionTopics.COMMANDS, GUILD, "not json".getBytes(StandardCharsets.UTF_8)))
            .get();
    String missingType =
        "{\"schema\":\"suggestions.command/1\",\"commandId\":\"cmd-malformed\",\"replyTo\":\"it-gateway\",\"payload\":{},\"actor\":{\"userId\":\"3\"}}";
    gateway
        .send(
            new ProducerRecord<>(
                SuggestionTopics.COMMANDS, GUILD, missingType.getBytes(StandardCharsets.UTF_8)))
        .get();
    send(
        command(
            "cmd-unknown", "TeleportSuggestion", new Actor("1", Actor.ADMINISTRATOR, List.of())));
    send(command("cmd-after", "SetGuildToggle", new Actor("1", Actor.ADMINISTRATOR, List.of())));

    assertThat(awaitReply("cmd-malformed").errorCode()).isEqualTo(1000);
    assertThat(awaitReply("cmd-unknown").errorCode()).isEqualTo(1001);
    assertThat(awaitReply("cmd-after").accepted()).isTrue();
    // Counted on its partition, and kept with its place for suggestionsctl status.
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () ->
                assertThat(
                        new JdbcTemplate(postgres.dataSource())
                            .queryForList(
                                "SELECT error FROM cmd.dead_letter WHERE topic = ?"
                                    + " AND log_partition = ? AND log_offset = ? AND event_id IS NULL",
                                String.class,
                                SuggestionTopics.COMMANDS,
                                garbage.partition(),
                                garbage.offset()))
                    .singleElement()
                    .asString()
                    .startsWith("Unreadable command"));
    assertThat(
            meters
                .get("suggestions.log.unreadable")
                .tag("topic", SuggestionTopics.COMMANDS)
                .tag("partition", Integer.toString(garbage.partition()))
                .counter()
                .count())
        .isGreaterThanOrEqualTo(1);
    Metrics.removeRegistry(meters);
  }

  /** The guild ids that once wedged a partition for good: refused, and nothing is written. */
  @Test
  void guildIdsNoReaderCouldStoreAreRefusedByNameAndWriteNothing() throws Exception {
    Actor admin = new Actor("1", Actor.ADMINISTRATOR, List.of());
    List<String> hostile = List.of("1" + "0".repeat(299), "6012\u00001976", "' OR '1'='1");
    for (int i = 0; i < hostile.size(); i++) {
      CommandEnvelope command =
          TestCommands.setToggle(
              "cmd-hostile-" + i, hostile.get(i), "KEEP_LOGS", true, admin, "it-gateway");
      send(command);
    }
    send(command("cmd-after-hostile", "SetGuildToggle", admin));

    for (int i = 0; i < hostile.size(); i++) {
      ReplyEnvelope reply = awaitReply("cmd-hostile-" + i);
      assertThat(reply.errorCode()).isEqualTo(1000);
      assertThat(reply.message()).contains("guildId must be a Discord id");
      assertThat(interactionsFor("cmd-hostile-" + i)).isEmpty();
    }
    assertThat(awaitReply("cmd-after-hostile").accepted()).isTrue();
    assertThat(TestCommands.events(cluster.bootstrapServers()))
        .noneMatch(e -> e.metadata().commandId().startsWith("cmd-hostile-"));
  }

  @Test
  void aRetriedCommandGetsTheSameReplyAgainAndAppendsNothing() throws Exception {
    CommandEnvelope command =
        command("cmd-retried", "SetGuildToggle", new Actor("1", Actor.ADMINISTRATOR, List.of()));
    send(command);
    ReplyEnvelope first = awaitReply("cmd-retried");

    send(command);
    send(command);

    await().atMost(Duration.ofSeconds(30)).until(() -> repliesFor("cmd-retried").size() == 3);
    assertThat(repliesFor("cmd-retried")).containsOnly(first);
    assertThat(eventsOf(GUILD))
        .filteredOn(e -> e.metadata().commandId().equals("cmd-retried"))
        .hasSize(1);
    assertThat(interactionsFor("cmd-retried")).hasSize(1);
  }

  @Test
  void everyHandledCommandLeavesOneInteractionRecordOnItsPartition() throws Exception {
    send(command("cmd-counted", "SetGuildToggle", new Actor("9", 0, List.of())));
    awaitReply("cmd-counted");

    await().atMost(Duration.ofSeconds(10)).until(() -> interactionsFor("cmd-counted").size() == 1);
    InteractionEnvelope interaction = interactionsFor("cmd-counted").get(0);
    assertThat(interaction.outcome()).isEqualTo("1100");
    assertThat(interaction.locale()).isEqualTo("de");
    assertThat(interaction.guildLocale()).isEqualTo("en-GB");
    assertThat(interaction.type()).isEqualTo("SetGuildToggle");
  }

  @Test
  void aNodeWithAnEmptyReplicaRebuildsItFromTheLogAndStillRecognisesRetries() throws Exception {
    CommandEnvelope command =
        command(
            "cmd-before-loss", "SetGuildToggle", new Actor("1", Actor.ADMINISTRATOR, List.of()));
    send(command);
    ReplyEnvelope first = awaitReply("cmd-before-loss");
    restartWithAnEmptyReplica();

    send(command);

    await().atMost(Duration.ofSeconds(30)).until(() -> repliesFor("cmd-before-loss").size() == 2);
    assertThat(repliesFor("cmd-before-loss")).containsOnly(first);
    assertThat(eventsOf(GUILD))
        .filteredOn(e -> e.metadata().commandId().equals("cmd-before-loss"))
        .hasSize(1);
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> replicaHas(EventIds.of("cmd-before-loss", 0)));
  }

  @Test
  void aReplicaThatLostAcknowledgedCommitsIsCaughtUpBeforeTheNextDecision() throws Exception {
    Actor admin = new Actor("1", Actor.ADMINISTRATOR, List.of());
    send(command("cmd-lost", "SetGuildToggle", admin));
    assertThat(awaitReply("cmd-lost").accepted()).isTrue();
    String lost = EventIds.of("cmd-lost", 0);
    await().atMost(Duration.ofSeconds(10)).until(() -> replicaHas(lost));
    loseTheLastReplicaWrite("cmd-lost", lost);

    send(command("cmd-after-loss", "SetGuildToggle", admin));

    assertThat(awaitReply("cmd-after-loss").accepted()).isTrue();
    long lostSequence = sequenceOf("cmd-lost");
    assertThat(sequenceOf("cmd-after-loss")).isEqualTo(lostSequence + 1);
    await().atMost(Duration.ofSeconds(10)).until(() -> replicaHas(lost));
  }

  @Test
  void aWriterFencedWhileTheGroupStillAssignsItsPartitionIsReopenedAndNothingIsSkipped()
      throws Exception {
    Actor admin = new Actor("1", Actor.ADMINISTRATOR, List.of());
    send(command("cmd-before-fence", "SetGuildToggle", admin));
    assertThat(awaitReply("cmd-before-fence").accepted()).isTrue();
    int partition =
        new JdbcTemplate(postgres.dataSource())
            .queryForObject(
                "SELECT log_partition FROM cmd.handled_command WHERE command_id = ?",
                Integer.class,
                "cmd-before-fence");

    // Fenced by no other owner: what a coordinator that timed out a transaction does too.
    PartitionWriter.open(
            partition, Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers()))
        .close();
    send(command("cmd-after-fence", "SetGuildToggle", admin));

    assertThat(awaitReply("cmd-after-fence").accepted()).isTrue();
    assertThat(sequenceOf("cmd-after-fence")).isEqualTo(sequenceOf("cmd-before-fence") + 1);
  }

  @Test
  void commandsReadAgainAfterTheirOffsetsWereLostTakeEffectOnceAndAreAnsweredAgain()
      throws Exception {
    Actor admin = new Actor("1", Actor.ADMINISTRATOR, List.of());
    List<String> ids = List.of("cmd-reread-1", "cmd-reread-2", "cmd-reread-3");
    for (String id : ids) {
      send(command(id, "SetGuildToggle", admin));
    }
    Map<String, ReplyEnvelope> first = new HashMap<>();
    ids.forEach(id -> first.put(id, awaitReply(id)));
    assertThat(first.values()).allMatch(ReplyEnvelope::accepted);

    // What a node that dies before its offsets reach the group leaves behind: the group's offsets
    // end before commands whose events and interactions are committed.
    loop.stop();
    try (Admin kafka =
        Admin.create(
            Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers()))) {
      kafka
          .deleteConsumerGroupOffsets(
              CommandNode.GROUP_ID,
              IntStream.range(0, SuggestionTopics.PARTITIONS)
                  .mapToObj(p -> new TopicPartition(SuggestionTopics.COMMANDS, p))
                  .collect(Collectors.toSet()))
          .all()
          .get();
    }
    loop =
        new CommandLoopLifecycle(
            CommandNode.create(cluster.bootstrapServers(), postgres.dataSource(), Clock.systemUTC())
                .loop());
    loop.start();

    for (String id : ids) {
      await().atMost(Duration.ofSeconds(30)).until(() -> repliesFor(id).size() == 2);
      assertThat(repliesFor(id))
          .as("answered again with its first reply")
          .containsOnly(first.get(id));
      assertThat(eventsOf(GUILD)).filteredOn(e -> e.metadata().commandId().equals(id)).hasSize(1);
      assertThat(interactionsFor(id)).hasSize(1);
    }
  }

  /**
   * What a database crash with {@code synchronous_commit=off} (or a failover to an asynchronous
   * standby) does: the last acknowledged replica write is gone, rows and checkpoints together.
   */
  private static void loseTheLastReplicaWrite(String commandId, String eventId) {
    var jdbc = new JdbcTemplate(postgres.dataSource());
    int partition =
        jdbc.queryForObject(
            "SELECT log_partition FROM cmd.handled_command WHERE command_id = ?",
            Integer.class,
            commandId);
    jdbc.update("DELETE FROM cmd.domain_event_entry WHERE event_identifier = ?", eventId);
    jdbc.update("DELETE FROM cmd.handled_command WHERE command_id = ?", commandId);
    jdbc.update(
        "UPDATE cmd.replica_checkpoint SET next_offset = next_offset - 1 WHERE log_partition = ?",
        partition);
    jdbc.update(
        "UPDATE cmd.interaction_checkpoint SET next_offset = next_offset - 1"
            + " WHERE log_partition = ?",
        partition);
  }

  private static long sequenceOf(String commandId) {
    return eventsOf(GUILD).stream()
        .filter(e -> e.metadata().commandId().equals(commandId))
        .mapToLong(EventEnvelope::sequence)
        .max()
        .orElseThrow();
  }

  /** The node's database is lost: a new node starts on empty replica tables. */
  private static void restartWithAnEmptyReplica() throws Exception {
    loop.stop();
    new JdbcTemplate(postgres.dataSource())
        .execute(
            "TRUNCATE cmd.domain_event_entry, cmd.replica_checkpoint, cmd.handled_command, cmd.interaction_checkpoint");
    loop =
        new CommandLoopLifecycle(
            CommandNode.create(cluster.bootstrapServers(), postgres.dataSource(), Clock.systemUTC())
                .loop());
    loop.start();
  }

  private static List<ReplyEnvelope> repliesFor(String commandId) {
    return TestCommands.replies(cluster.bootstrapServers()).stream()
        .filter(r -> r.commandId().equals(commandId))
        .toList();
  }

  private static List<InteractionEnvelope> interactionsFor(String commandId) {
    return TestCommands.interactions(cluster.bootstrapServers()).stream()
        .filter(i -> i.commandId().equals(commandId))
        .toList();
  }

  /** A KEEP_LOGS toggle for the test guild, under any logical type. */
  private static CommandEnvelope command(String id, String type, Actor actor) {
    CommandEnvelope c = TestCommands.setToggle(id, GUILD, "KEEP_LOGS", true, actor, "it-gateway");
    return new CommandEnvelope(
        c.schema(),
        c.commandId(),
        type,
        c.guildId(),
        c.payload(),
        c.actor(),
        c.locale(),
        c.guildLocale(),
        c.replyTo(),
        c.issuedAt());
  }

  private static void send(CommandEnvelope command) throws Exception {
    gateway.send(TestCommands.record(command)).get();
  }

  private static ReplyEnvelope awaitReply(String commandId) {
    return await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> repliesFor(commandId).stream().findFirst().orElse(null), Objects::nonNull);
  }

  private static List<EventEnvelope> eventsOf(String guild) {
    return TestCommands.events(cluster.bootstrapServers()).stream()
        .filter(e -> guild.equals(e.guildId()))
        .toList();
  }

  private static boolean replicaHas(String eventId) {
    return new JdbcTemplate(postgres.dataSource())
            .queryForObject(
                "SELECT count(*) FROM cmd.domain_event_entry WHERE event_identifier = ?",
                Integer.class,
                eventId)
        == 1;
  }
}
