package gg.suggestions.eventstore.replica;

import static org.assertj.core.api.Assertions.assertThat;

import gg.suggestions.testing.TestPostgres;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The replica's ids in memory: a "no" is certain, whatever was added before, during or after. */
class KnownIdsIT {

  @RegisterExtension static final TestPostgres postgres = new TestPostgres();

  @BeforeAll
  static void replicaWithRows() throws Exception {
    new ReplicaStore(postgres.dataSource(), null).migrate();
    try (Connection c = postgres.dataSource().getConnection();
        PreparedStatement event =
            c.prepareStatement(
                "INSERT INTO cmd.domain_event_entry (event_identifier, payload, payload_type,"
                    + " time_stamp, aggregate_identifier, sequence_number, type)"
                    + " VALUES (?, '{}'::bytea, 'T', '2026-01-01T00:00:00Z', ?, 0, 'Agg')");
        PreparedStatement handled =
            c.prepareStatement(
                "INSERT INTO cmd.handled_command (command_id, log_partition, reply)"
                    + " VALUES (?, 0, '{}'::bytea)")) {
      for (int i = 0; i < 2_000; i++) {
        event.setString(1, "e" + i);
        event.setString(2, "stored-aggregate-" + i);
        event.addBatch();
        handled.setString(1, "stored-command-" + i);
        handled.addBatch();
      }
      event.executeBatch();
      handled.executeBatch();
    }
  }

  @Test
  void beforeItIsLoadedEveryIdMayBeKnown() {
    KnownIds known = new KnownIds();

    assertThat(known.isLoaded()).isFalse();
    assertThat(known.mayHoldAggregate("never-seen")).isTrue();
    assertThat(known.mayHaveHandled("never-seen")).isTrue();
  }

  @Test
  void everyStoredOrAddedIdIsKnownAndMostNewOnesAreNot() throws Exception {
    KnownIds known = new KnownIds();
    known.addAggregates(List.of("added-before-load"));
    known.addCommands(List.of("handled-before-load"));

    known.load(postgres.dataSource());
    known.addAggregates(List.of("added-after-load"));
    known.addCommands(List.of("handled-after-load"));

    assertThat(known.isLoaded()).isTrue();
    for (int i = 0; i < 2_000; i++) {
      assertThat(known.mayHoldAggregate("stored-aggregate-" + i)).isTrue();
      assertThat(known.mayHaveHandled("stored-command-" + i)).isTrue();
    }
    assertThat(known.mayHoldAggregate("added-after-load")).isTrue();
    assertThat(known.mayHaveHandled("handled-after-load")).isTrue();
    // Added before the first load, not yet in the replica (its write still to come): kept.
    assertThat(known.mayHoldAggregate("added-before-load")).isTrue();
    assertThat(known.mayHaveHandled("handled-before-load")).isTrue();
    Random random = new Random(17);
    long maybes =
        IntStream.range(0, 100_000)
            .filter(i -> known.mayHoldAggregate("new-" + random.nextLong()))
            .count();
    assertThat(maybes).as("false positives in 100,000 new ids").isLessThan(500);
  }

  @Test
  void afterATakeoverItAnswersMaybeUntilLoadedAgainAndKeepsWhatWasAddedMeanwhile()
      throws Exception {
    KnownIds known = new KnownIds();
    known.load(postgres.dataSource());
    assertThat(known.mayHoldAggregate("written-by-another-node")).isFalse();

    known.invalidate();
    known.addAggregates(List.of("committed-after-the-takeover"));

    assertThat(known.isLoaded()).isFalse();
    assertThat(known.mayHoldAggregate("written-by-another-node")).isTrue();
    known.load(postgres.dataSource());
    assertThat(known.mayHoldAggregate("committed-after-the-takeover")).isTrue();
    assertThat(known.mayHoldAggregate("stored-aggregate-7")).isTrue();
  }

  @Test
  void idsAddedWhileItLoadsAreKept() throws Exception {
    KnownIds known = new KnownIds();
    Thread adder =
        new Thread(
            () ->
                IntStream.range(0, 20_000)
                    .forEach(i -> known.addCommands(List.of("concurrent-" + i))));
    adder.start();
    known.load(postgres.dataSource());
    adder.join();

    assertThat(IntStream.range(0, 20_000).filter(i -> !known.mayHaveHandled("concurrent-" + i)))
        .isEmpty();
  }
}
