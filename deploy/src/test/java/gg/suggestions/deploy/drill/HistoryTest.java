package gg.suggestions.deploy.drill;

import static org.assertj.core.api.Assertions.assertThat;

import gg.suggestions.deploy.drill.History.Outcome;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class HistoryTest {

  /** Every timestamp one millisecond after the one before: order without sleeping. */
  private final AtomicLong millis = new AtomicLong();

  private final History history = new History(() -> Instant.ofEpochMilli(millis.incrementAndGet()));

  @Test
  void onlyCommandsAcknowledgedAtTheirFirstAskCountTowardsLatency() {
    List.of("a", "b", "c", "d").forEach(history::invoke);

    history.complete("a", Outcome.OK);
    history.complete("b", Outcome.INFO);
    history.complete("b", Outcome.OK);
    history.complete("c", Outcome.FAIL);

    // "a" was invoked at 1 ms and answered at 5 ms; "b" only when asked again.
    assertThat(history.firstAskOkMillis()).containsExactly(4L);
    assertThat(history.count(Outcome.OK)).isEqualTo(2);
    assertThat(history.infos()).isEqualTo(1);
    assertThat(history.undecided()).containsExactly("d");
  }

  @Test
  void aHistoryReadsBackFromItsLines() {
    history.invoke("a");
    history.fault("KILL_BROKER", "kill -9 broker 1");
    history.faultOver();
    history.invoke("b");
    history.complete("a", Outcome.OK);
    history.complete("b", Outcome.INFO);

    History read = History.read(history.lines());

    assertThat(read.lines()).isEqualTo(history.lines());
    assertThat(read.faults())
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.kind()).isEqualTo("KILL_BROKER");
              assertThat(f.over()).isAfter(f.at());
            });
  }

  @Test
  void faultsOfEarlierRunsAreKnownByWhatWasDone() {
    var earlier =
        List.of(
            "1970-01-01T00:00:00.001Z\tfault\tSIGSTOP broker 2 for 15 s",
            "1970-01-01T00:00:00.002Z\tfault\tkill -9 brokers 1 and 2 (quorum lost)",
            "1970-01-01T00:00:00.003Z\tfault\tkill -9 PostgreSQL (postmaster and every backend)");

    assertThat(History.read(earlier).faults())
        .extracting(History.Fault::kind)
        .containsExactly("PAUSE_BROKER", "QUORUM_LOST", "KILL_POSTGRES");
  }

  @Test
  void percentilesTakeTheNearestRank() {
    List<Long> ascending = List.of(10L, 20L, 30L, 40L);

    assertThat(DrillReport.percentile(ascending, 0.5)).isEqualTo(20);
    assertThat(DrillReport.percentile(ascending, 0.99)).isEqualTo(40);
    assertThat(DrillReport.percentile(ascending, 1)).isEqualTo(40);
    assertThat(DrillReport.percentile(List.of(7L), 0.5)).isEqualTo(7);
  }
}
