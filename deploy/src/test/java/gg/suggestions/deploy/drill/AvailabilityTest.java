package gg.suggestions.deploy.drill;

import static org.assertj.core.api.Assertions.assertThat;

import gg.suggestions.deploy.drill.History.Outcome;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class AvailabilityTest {

  private final AtomicLong clock = new AtomicLong();
  private final History history = new History(() -> Instant.ofEpochMilli(clock.get()));

  @Test
  void aGapBelongsToTheFaultStruckBeforeTheFirstAcknowledgementItMissed() {
    // A command's partition: the number after its last dash, modulo 2.
    // Partition 0 acknowledges at 0, 900 and 7,000; partition 1 at 100, 1,000, 12,000, 12,500.
    command("c-0", 0, 0, Outcome.OK);
    command("c-1", 0, 100, Outcome.OK);
    command("c-2", 800, 900, Outcome.OK);
    command("c-3", 900, 1_000, Outcome.OK);
    // Struck 300 ms after partition 0's acknowledgement at 900: the gap after it is this fault's.
    fault(1_200, "KILL_BROKER");
    command("c-5", 1_500, 12_000, Outcome.OK);
    command("c-4", 6_900, 7_000, Outcome.OK);
    // Partition 1's gap from 1,000 to 12,000 outlasts this fault too, but is the first one's.
    fault(8_000, "KILL_POSTGRES");
    command("c-9", 8_100, 18_100, Outcome.INFO);
    command("c-7", 12_400, 12_500, Outcome.OK);

    Availability availability =
        new Availability(
            history,
            id -> Integer.parseInt(id.substring(id.lastIndexOf('-') + 1)) % 2,
            Instant.ofEpochMilli(13_000));

    var kill = availability.byFault().get(0);
    assertThat(kill.gapMillisByPartition()).containsEntry(0, 6_100L).containsEntry(1, 11_000L);
    assertThat(kill.windowMillis()).isEqualTo(11_000);
    assertThat(kill.worstPartition()).isEqualTo(1);
    assertThat(kill.commands()).isEqualTo(2);
    assertThat(kill.firstAskOkMillis()).containsExactly(100L, 10_500L);
    var postgres = availability.byFault().get(1);
    assertThat(postgres.gapMillisByPartition()).containsExactly(Map.entry(1, 500L));
    assertThat(postgres.commands()).isEqualTo(2);
    assertThat(postgres.firstAskOkShare()).isEqualTo(0.5);
    assertThat(availability.byKind())
        .extracting(Availability.KindCost::kind)
        .containsExactly("KILL_BROKER", "KILL_POSTGRES");
    assertThat(availability.table()).last().asString().startsWith("| **all faults** | 2 | 4 | 3");
  }

  private void command(String id, long invokedAt, long answeredAt, Outcome outcome) {
    clock.set(invokedAt);
    history.invoke(id);
    clock.set(answeredAt);
    history.complete(id, outcome);
  }

  private void fault(long at, String kind) {
    clock.set(at);
    history.fault(kind, kind.toLowerCase());
  }
}
