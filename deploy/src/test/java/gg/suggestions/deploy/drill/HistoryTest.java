package gg.suggestions.deploy.drill;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

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
  void commandsCountUnderTheLatestFaultStruckBeforeTheyWereInvoked() {
    history.invoke("early");
    history.fault("KILL_BROKER", "kill -9 broker 1");
    history.invoke("a");
    history.invoke("b");
    history.fault("PAUSE_BROKER", "SIGSTOP broker 2 for 15 s");
    history.invoke("c");
    history.complete("early", Outcome.OK);
    history.complete("a", Outcome.OK);
    history.complete("b", Outcome.INFO);
    history.complete("b", Outcome.OK);
    history.complete("c", Outcome.FAIL);

    assertThat(history.byLatestFault())
        .extracting(
            History.AfterFault::kind,
            History.AfterFault::commands,
            after -> after.firstAskOkMillis().size())
        .containsExactly(
            tuple("KILL_BROKER", 2L, 1), tuple("PAUSE_BROKER", 1L, 0), tuple("none yet", 1L, 1));
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
