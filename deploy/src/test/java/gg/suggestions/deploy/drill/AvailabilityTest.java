package gg.suggestions.deploy.drill;

import static org.assertj.core.api.Assertions.assertThat;

import gg.suggestions.deploy.drill.History.Outcome;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class AvailabilityTest {

  private static Instant at(long millis) {
    return Instant.ofEpochMilli(millis);
  }

  @Test
  void theLongestGapCountsFromTheAcknowledgementBeforeTheFaultToTheOneAfterIt() {
    List<Instant> acks = List.of(at(100), at(1_000), at(2_000), at(9_000), at(10_000), at(20_000));

    // The gap from 2,000 to 9,000 overlaps [1,500, 5,000).
    assertThat(Availability.longestGap(acks, at(1_500), at(5_000))).isEqualTo(7_000);
    // Only the gaps overlapping [9,500, 9,800) count: 9,000 to 10,000.
    assertThat(Availability.longestGap(acks, at(9_500), at(9_800))).isEqualTo(1_000);
    // No acknowledgement after the period: the gap runs to its end.
    assertThat(Availability.longestGap(acks, at(21_000), at(30_000))).isEqualTo(10_000);
    // None before it either.
    assertThat(Availability.longestGap(List.of(), at(0), at(4_000))).isEqualTo(4_000);
  }

  @Test
  void eachFaultCostsItsWorstPartitionsGapAndItsFirstAskShare() {
    AtomicLong clock = new AtomicLong();
    History history = new History(() -> at(clock.get()));
    // Partition of a command: the number after its last dash, modulo 2.
    invokeAndAnswer(history, clock, "c-0", 0, 10, Outcome.OK);
    invokeAndAnswer(history, clock, "c-1", 5, 20, Outcome.OK);
    clock.set(1_000);
    history.fault("KILL_BROKER", "kill -9 broker 1");
    invokeAndAnswer(history, clock, "c-2", 1_100, 6_000, Outcome.OK); // partition 0: 5,990 gap
    invokeAndAnswer(history, clock, "c-3", 1_200, 1_300, Outcome.OK);
    invokeAndAnswer(history, clock, "c-5", 1_400, 11_400, Outcome.INFO);
    clock.set(7_000);
    history.fault("KILL_POSTGRES", "kill -9 PostgreSQL");
    invokeAndAnswer(history, clock, "c-4", 7_100, 7_200, Outcome.OK);
    invokeAndAnswer(history, clock, "c-7", 7_300, 7_400, Outcome.OK);

    Availability availability =
        new Availability(
            history, id -> Integer.parseInt(id.substring(id.lastIndexOf('-') + 1)) % 2, at(8_000));

    var kill = availability.byFault().get(0);
    assertThat(kill.commands()).isEqualTo(3);
    assertThat(kill.firstAskOkMillis()).containsExactly(100L, 4_900L);
    // Partition 1 acknowledged at 20 and 1,300; next at 7,400, after the period's end at 7,000.
    assertThat(kill.gapMillisByPartition()).containsEntry(0, 5_990L).containsEntry(1, 6_100L);
    assertThat(kill.windowMillis()).isEqualTo(6_100);
    assertThat(kill.worstPartition()).isEqualTo(1);
    var postgres = availability.byFault().get(1);
    assertThat(postgres.commands()).isEqualTo(2);
    assertThat(postgres.firstAskOkShare()).isEqualTo(1.0);
    assertThat(availability.byKind())
        .extracting(Availability.KindCost::kind)
        .containsExactly("KILL_BROKER", "KILL_POSTGRES");
    assertThat(availability.table()).last().asString().startsWith("| **all faults** | 2 | 5 | 4");
  }

  private static void invokeAndAnswer(
      History history, AtomicLong clock, String id, long invoked, long answered, Outcome outcome) {
    long now = clock.get();
    clock.set(invoked);
    history.invoke(id);
    clock.set(answered);
    history.complete(id, outcome);
    clock.set(now);
  }
}
