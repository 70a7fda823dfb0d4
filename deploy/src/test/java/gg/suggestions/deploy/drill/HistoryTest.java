package gg.suggestions.deploy.drill;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import gg.suggestions.deploy.drill.History.Outcome;
import java.util.List;
import org.junit.jupiter.api.Test;

class HistoryTest {

  @Test
  void onlyCommandsAcknowledgedAtTheirFirstAskCountTowardsLatency() {
    History history = new History();
    List.of("a", "b", "c", "d").forEach(history::invoke);

    history.complete("a", Outcome.OK);
    history.complete("b", Outcome.INFO);
    history.complete("b", Outcome.OK);
    history.complete("c", Outcome.FAIL);

    assertThat(history.firstAskOkMillis()).hasSize(1);
    assertThat(history.count(Outcome.OK)).isEqualTo(2);
    assertThat(history.infos()).isEqualTo(1);
    assertThat(history.undecided()).containsExactly("d");
  }

  @Test
  void commandsCountUnderTheLatestFaultStruckBeforeTheyWereInvoked() throws Exception {
    History history = new History();
    history.invoke("early");
    Thread.sleep(2);
    history.fault("KILL_BROKER", "kill -9 broker 1");
    Thread.sleep(2);
    history.invoke("a");
    history.invoke("b");
    Thread.sleep(2);
    history.fault("PAUSE_BROKER", "SIGSTOP broker 2 for 15 s");
    Thread.sleep(2);
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
