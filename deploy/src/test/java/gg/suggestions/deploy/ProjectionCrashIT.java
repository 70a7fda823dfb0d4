package gg.suggestions.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import gg.suggestions.eventstore.contract.suggestion.SuggestionKey;
import gg.suggestions.eventstore.contract.suggestion.SuggestionSubmitted;
import gg.suggestions.eventstore.contract.suggestion.VoteCast;
import gg.suggestions.eventstore.contract.suggestion.VoteDirection;
import gg.suggestions.eventstore.envelope.InteractionEnvelope;
import gg.suggestions.query.cli.Suggestionsctl;
import gg.suggestions.query.projection.LogWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Exactly once on the read side: a query node killed with SIGKILL while its processors are applying
 * a stream of events and interactions restarts, resumes from the tokens it committed, and then
 * every projection equals a clean rebuild of the log, counters included.
 */
class ProjectionCrashIT {

  private static final String GUILD = "601219766258106399";
  private static final int SUGGESTIONS = 40;
  private static final int VOTES_EACH = 150;
  private static final int INTERACTIONS = 6_000;

  private final Path dataDir = Path.of("target", "it-data", UUID.randomUUID().toString());

  @Test
  void aNodeKilledWhileApplyingResumesAndEqualsACleanRebuild() throws Exception {
    int kafkaPort = freePort();
    int controllerPort = freePort();
    int postgresPort = freePort();
    String bootstrap = "127.0.0.1:" + kafkaPort;
    String dbUrl = "jdbc:postgresql://127.0.0.1:" + postgresPort + "/suggestions";
    PlatformProcess first = launch("first.log", kafkaPort, controllerPort, postgresPort);
    await().atMost(Duration.ofSeconds(120)).until(first::isReady);

    try (LogWriter log = new LogWriter(bootstrap)) {
      writeTheLoad(log);
    }
    await().atMost(Duration.ofSeconds(60)).until(() -> interactionsCounted(dbUrl) > 0);
    first.kill();
    long countedBeforeTheKill = interactionsCounted(dbUrl);

    PlatformProcess second = launch("second.log", kafkaPort, controllerPort, postgresPort);
    try {
      await().atMost(Duration.ofSeconds(120)).until(second::isReady);
      await()
          .atMost(Duration.ofSeconds(120))
          .until(
              () ->
                  interactionsCounted(dbUrl) == INTERACTIONS
                      && votesCounted(dbUrl) == SUGGESTIONS * VOTES_EACH);
      StringWriter out = new StringWriter();
      StringWriter err = new StringWriter();
      int verify =
          Suggestionsctl.run(
              new PrintWriter(out, true),
              new PrintWriter(err, true),
              "verify",
              "--all",
              "--bootstrap-servers=" + bootstrap,
              "--db-url=" + dbUrl,
              "--db-user=postgres");

      assertThat(countedBeforeTheKill).isLessThan(INTERACTIONS);
      assertThat(verify).as(out + "\n" + err).isZero();
      assertThat(out.toString()).contains("suggestions: verified").contains("usage: verified");
    } finally {
      second.stop();
    }
  }

  private static void writeTheLoad(LogWriter log) {
    Instant now = Instant.now();
    for (int s = 0; s < SUGGESTIONS; s++) {
      String sid = String.format("s%07d", s);
      String key = SuggestionKey.of(GUILD, sid);
      log.send(
          GUILD,
          "Suggestion",
          key,
          0,
          new SuggestionSubmitted(GUILD, sid, "10", "Idea " + s, null, false));
      for (int v = 1; v <= VOTES_EACH; v++) {
        VoteDirection direction = v % 3 == 0 ? VoteDirection.DOWN : VoteDirection.UP;
        log.send(
            GUILD,
            "Suggestion",
            key,
            v,
            new VoteCast(GUILD, sid, "9" + (100_000_000_000_000L + v), direction));
      }
    }
    for (int i = 0; i < INTERACTIONS; i++) {
      log.send(
          new InteractionEnvelope(
              InteractionEnvelope.SCHEMA,
              "crash-" + i,
              i % 2 == 0 ? "VoteOnSuggestion" : "SubmitSuggestion",
              GUILD,
              "9" + (100_000_000_000_000L + i % 50),
              i % 3 == 0 ? "de" : "en-GB",
              null,
              i % 7 == 0 ? "1308" : "accepted",
              5,
              now.plusMillis(i),
              null));
    }
    log.flush();
  }

  private static long interactionsCounted(String dbUrl) throws SQLException {
    return sum(dbUrl, "SELECT coalesce(sum(interactions), 0) FROM p_usage.hourly_interactions");
  }

  private static long votesCounted(String dbUrl) throws SQLException {
    return sum(
        dbUrl, "SELECT coalesce(sum(up_votes + down_votes), 0) FROM p_suggestions.suggestion");
  }

  private static long sum(String dbUrl, String sql) throws SQLException {
    try (Connection c = DriverManager.getConnection(dbUrl, "postgres", "");
        var statement = c.createStatement();
        var rows = statement.executeQuery(sql)) {
      rows.next();
      return rows.getLong(1);
    } catch (SQLException notThereYet) {
      return -1;
    }
  }

  private PlatformProcess launch(
      String logName, int kafkaPort, int controllerPort, int postgresPort) throws IOException {
    return PlatformProcess.start(
        dataDir.resolve(logName),
        Map.of(
            "SUGGESTIONS_DATA_DIR", dataDir.toString(),
            "SUGGESTIONS_EMBEDDED_KAFKA_PORT", Integer.toString(kafkaPort),
            "SUGGESTIONS_EMBEDDED_KAFKA_CONTROLLER_PORT", Integer.toString(controllerPort),
            "SUGGESTIONS_EMBEDDED_POSTGRES_PORT", Integer.toString(postgresPort)));
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
