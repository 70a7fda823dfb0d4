package gg.suggestions.deploy.drill;

import static org.assertj.core.api.Assertions.assertThat;

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
  void percentilesTakeTheNearestRank() {
    List<Long> ascending = List.of(10L, 20L, 30L, 40L);

    assertThat(DrillReport.percentile(ascending, 0.5)).isEqualTo(20);
    assertThat(DrillReport.percentile(ascending, 0.99)).isEqualTo(40);
    assertThat(DrillReport.percentile(ascending, 1)).isEqualTo(40);
    assertThat(DrillReport.percentile(List.of(7L), 0.5)).isEqualTo(7);
  }
}
