package gg.suggestions.command.loop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import gg.suggestions.eventstore.contract.ErrorCode;
import gg.suggestions.eventstore.envelope.CommandEnvelope;
import gg.suggestions.eventstore.envelope.EventEnvelope;
import gg.suggestions.eventstore.envelope.ReplyEnvelope;
import gg.suggestions.eventstore.request.CommandRequester;
import gg.suggestions.eventstore.topic.SuggestionTopics;
import gg.suggestions.testing.KafkaTestCluster;
import gg.suggestions.testing.TestCommands;
import gg.suggestions.testing.TestPostgres;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.postgresql.ds.PGSimpleDataSource;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * PostgreSQL is not on the write path: with the node's database refusing every connection, commands
 * on aggregates the node holds in memory, and commands that create new ones, are decided and
 * acknowledged; a command that needs the replica is refused with "try again" and writes nothing;
 * when the database returns, the replica catches up from the log and every command goes through.
 * The outage is PostgreSQL's own: the node's database stops allowing connections and every session
 * on it is terminated.
 */
class PostgresOutageIT {

  @RegisterExtension static final TestPostgres postgres = new TestPostgres();

  private static final String DATABASE = "outage";
  private static final String RESIDENT = "601219766258106401";
  private static final String COLD = "601219766258106402";
  private static final String NEW = "601219766258106403";

  private static KafkaTestCluster cluster;
  private static CommandRequester requester;
  private static DataSource nodeDatabase;

  @BeforeAll
  static void start() throws Exception {
    cluster = KafkaTestCluster.start(1).withTopics();
    requester = new CommandRequester(cluster.bootstrapServers(), "outage-it", TestCommands.CODEC);
    new JdbcTemplate(postgres.dataSource()).execute("CREATE DATABASE " + DATABASE);
    PGSimpleDataSource node = new PGSimpleDataSource();
    node.setUrl(postgres.jdbcUrl().replace("/postgres?", "/" + DATABASE + "?"));
    node.setUser(postgres.user());
    node.setConnectTimeout(2);
    node.setSocketTimeout(10);
    nodeDatabase = node;
  }

  @AfterAll
  static void stop() throws Exception {
    databaseAvailable(true);
    requester.close();
    cluster.close();
  }

  @Test
  void commandsOnAggregatesInMemoryGoOnWhileTheDatabaseIsDownAndTheReplicaCatchesUpAfter()
      throws Exception {
    // A first node creates both guilds' configs; the second starts with neither in memory.
    CommandLoopLifecycle first = startNode();
    assertThat(ask("before-resident", RESIDENT).accepted()).isTrue();
    assertThat(ask("before-cold", COLD).accepted()).isTrue();
    first.stop();
    CommandNode node = CommandNode.create(cluster.bootstrapServers(), nodeDatabase, clock());
    CommandLoopLifecycle second = new CommandLoopLifecycle(node.loop());
    second.start();
    // Serving with every partition taken over, which makes the ids in memory load again. Serving
    // alone is not enough: the group may first hand the new member nothing, and each partition's
    // catch-up forgets what is in memory (node-wide), so one command could load its aggregate
    // between two catch-ups and lose it at the next.
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                node.loop().status().isServing()
                    && node.loop().status().owned().size() == SuggestionTopics.PARTITIONS);
    await().atMost(Duration.ofSeconds(30)).until(node::knowsReplicaIds);
    ReplyEnvelope loaded = ask("load-resident", RESIDENT); // Loads it from the replica.
    assertThat(loaded.accepted()).isTrue();

    databaseAvailable(false);
    List<ReplyEnvelope> during = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      during.add(ask("during-" + i, RESIDENT));
    }
    ReplyEnvelope created = ask("during-new", NEW);
    ReplyEnvelope cold = ask("during-cold", COLD);
    ReplyEnvelope retried = ask("load-resident", RESIDENT);
    await().atMost(Duration.ofSeconds(30)).until(() -> !node.loop().status().stuckOn().isEmpty());

    assertThat(during).allSatisfy(reply -> assertThat(reply.accepted()).isTrue());
    assertThat(created.accepted()).as("a new guild's first command").isTrue();
    assertThat(cold.accepted()).isFalse();
    assertThat(cold.errorCode()).isEqualTo(ErrorCode.TEMPORARILY_UNAVAILABLE.number());
    assertThat(retried).as("a retry is answered from memory").isEqualTo(loaded);
    assertThat(node.loop().status().stuckOn().values())
        .allSatisfy(why -> assertThat(why).contains("replica behind the log"));
    assertThat(node.loop().status().isServing()).isTrue();

    databaseAvailable(true);
    // The refused command's id was not spent: sent again, it takes effect.
    await().atMost(Duration.ofSeconds(60)).until(() -> ask("during-cold", COLD).accepted());
    await().atMost(Duration.ofSeconds(30)).until(() -> node.loop().status().stuckOn().isEmpty());
    second.stop();

    Map<String, Long> eventsPerCommand =
        TestCommands.events(cluster.bootstrapServers()).stream()
            .collect(Collectors.groupingBy(e -> e.metadata().commandId(), Collectors.counting()));
    assertThat(eventsPerCommand).hasSize(35).allSatisfy((id, n) -> assertThat(n).isEqualTo(1));
    // The replica holds every event of the log again, in sequence per aggregate.
    var replica = new JdbcTemplate(nodeDatabase);
    for (EventEnvelope event : TestCommands.events(cluster.bootstrapServers())) {
      assertThat(
              replica.queryForObject(
                  "SELECT sequence_number FROM cmd.domain_event_entry WHERE event_identifier = ?",
                  Long.class,
                  event.eventId()))
          .as(event.eventId())
          .isEqualTo(event.sequence());
    }
  }

  private static CommandLoopLifecycle startNode() {
    var loop =
        new CommandLoopLifecycle(
            CommandNode.create(cluster.bootstrapServers(), nodeDatabase, clock()).loop());
    loop.start();
    return loop;
  }

  private static Clock clock() {
    return Clock.systemUTC();
  }

  private static ReplyEnvelope ask(String id, String guild) throws Exception {
    CommandEnvelope command =
        TestCommands.setToggle(
            id, guild, "KEEP_LOGS", id.hashCode() % 2 == 0, TestCommands.ADMIN, "outage-it");
    return requester.send(command).get(30, TimeUnit.SECONDS);
  }

  /**
   * An outage of PostgreSQL for the node: its database refuses new connections and every session on
   * it ends; the way back allows them again.
   */
  private static void databaseAvailable(boolean available) {
    var admin = new JdbcTemplate(postgres.dataSource());
    admin.execute("ALTER DATABASE " + DATABASE + " ALLOW_CONNECTIONS " + available);
    if (!available) {
      admin.queryForList(
          "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = ?", DATABASE);
    }
  }
}
