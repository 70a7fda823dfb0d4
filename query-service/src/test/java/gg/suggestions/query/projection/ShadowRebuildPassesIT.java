package gg.suggestions.query.projection;

import static org.assertj.core.api.Assertions.assertThat;

import gg.suggestions.eventstore.contract.guildconfig.GuildToggle;
import gg.suggestions.eventstore.contract.guildconfig.GuildToggleSet;
import gg.suggestions.eventstore.contract.suggestion.SuggestionApproved;
import gg.suggestions.eventstore.contract.suggestion.SuggestionKey;
import gg.suggestions.eventstore.contract.suggestion.SuggestionSubmitted;
import gg.suggestions.eventstore.contract.suggestion.VoteCast;
import gg.suggestions.eventstore.contract.suggestion.VoteDirection;
import gg.suggestions.eventstore.envelope.InteractionEnvelope;
import gg.suggestions.testing.KafkaTestCluster;
import gg.suggestions.testing.TestPostgres;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A rebuild within a small memory budget folds each partition in several passes over shares of its
 * keys, and builds exactly what a rebuild in one pass builds: every table of every projection, the
 * counts of a partition folded in several passes (hourly interactions) merged.
 */
class ShadowRebuildPassesIT {

  @RegisterExtension static final TestPostgres postgres = new TestPostgres();

  private static final Instant MORNING = Instant.parse("2026-06-01T09:15:00Z");
  private static final int GUILDS = 60;

  private static KafkaTestCluster cluster;

  @BeforeAll
  static void writeManyGuilds() {
    cluster = KafkaTestCluster.start(1).withTopics();
    try (LogWriter log = new LogWriter(cluster.bootstrapServers())) {
      for (int g = 0; g < GUILDS; g++) {
        String guild = Long.toString(601219766258106399L + g);
        log.send(
            guild,
            "GuildConfig",
            guild,
            0,
            new GuildToggleSet(guild, GuildToggle.KEEP_LOGS, g % 2 == 0));
        String key = SuggestionKey.of(guild, "s1");
        log.send(
            guild,
            "Suggestion",
            key,
            0,
            new SuggestionSubmitted(guild, "s1", "10", "Idea " + g, null, false));
        for (int v = 1; v <= 1 + g % 5; v++) {
          log.send(
              guild,
              "Suggestion",
              key,
              v,
              new VoteCast(
                  guild,
                  "s1",
                  "9000000000000000" + v,
                  v % 3 == 0 ? VoteDirection.DOWN : VoteDirection.UP));
        }
        if (g % 3 == 0) {
          log.send(guild, "Suggestion", key, 7, new SuggestionApproved(guild, "s1", "11", "Yes"));
        }
        for (int i = 0; i < 3; i++) {
          log.send(
              new InteractionEnvelope(
                  InteractionEnvelope.SCHEMA,
                  "command-" + g + "-" + i,
                  i == 0 ? "SubmitSuggestion" : "VoteOnSuggestion",
                  guild,
                  Integer.toString(10 + i),
                  i % 2 == 0 ? "da" : "de",
                  "en-GB",
                  "accepted",
                  12,
                  MORNING.plus(Duration.ofMinutes(40L * i)),
                  null));
        }
      }
      log.flush();
    }
  }

  @AfterAll
  static void stop() {
    cluster.close();
  }

  @Test
  void aRebuildInManyPassesBuildsWhatOnePassBuilds() throws Exception {
    Map<String, Map<String, String>> onePass = rebuild(1_000_000);
    Map<String, Map<String, String>> manyPasses = rebuild(8);

    assertThat(new ShadowRebuild(kafka(), postgres.dataSource(), null, 2, 2).passes(12))
        .isEqualTo(6);
    assertThat(onePass.get("suggestions").get("suggestion")).startsWith(GUILDS + " rows");
    assertThat(onePass.get("usage").get("hourly_interactions")).doesNotStartWith("0 rows");
    assertThat(manyPasses).isEqualTo(onePass);
  }

  /** Every projection rebuilt with {@code eventsInMemory}: each table's checksum by projection. */
  private static Map<String, Map<String, String>> rebuild(long eventsInMemory) throws Exception {
    var rebuild =
        new ShadowRebuild(
            kafka(),
            postgres.dataSource(),
            (name, span, position, events, elapsed) -> {},
            2,
            eventsInMemory);
    return RebuiltChecksums.of(rebuild, postgres.dataSource(), Map.of());
  }

  private static Map<String, Object> kafka() {
    return Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers());
  }
}
