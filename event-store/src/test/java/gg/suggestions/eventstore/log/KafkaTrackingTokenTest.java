package gg.suggestions.eventstore.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.axonframework.eventhandling.GlobalSequenceTrackingToken;
import org.axonframework.eventhandling.ReplayToken;
import org.axonframework.eventhandling.TrackingToken;

/** The token laws Axon's processors and {@link ReplayToken} rely on, checked on random tokens. */
class KafkaTrackingTokenTest {

  @Provide
  Arbitrary<KafkaTrackingToken> tokens() {
    return Arbitraries.maps(
            Arbitraries.integers().between(0, 3), Arbitraries.longs().between(0, 20))
        .ofMaxSize(4)
        .map(KafkaTrackingToken::of);
  }

  @Property
  void boundsAreCommutativeAndIdempotent(
      @ForAll("tokens") KafkaTrackingToken a, @ForAll("tokens") KafkaTrackingToken b) {
    assertThat(a.lowerBound(b)).isEqualTo(b.lowerBound(a));
    assertThat(a.upperBound(b)).isEqualTo(b.upperBound(a));
    assertThat(a.lowerBound(a)).isEqualTo(a);
    assertThat(a.upperBound(a)).isEqualTo(a);
  }

  @Property
  void boundsAreAssociative(
      @ForAll("tokens") KafkaTrackingToken a,
      @ForAll("tokens") KafkaTrackingToken b,
      @ForAll("tokens") KafkaTrackingToken c) {
    assertThat(a.lowerBound(b).lowerBound(c)).isEqualTo(a.lowerBound(b.lowerBound(c)));
    assertThat(a.upperBound(b).upperBound(c)).isEqualTo(a.upperBound(b.upperBound(c)));
  }

  @Property
  void theUpperBoundCoversBothAndBothCoverTheLowerBound(
      @ForAll("tokens") KafkaTrackingToken a, @ForAll("tokens") KafkaTrackingToken b) {
    TrackingToken upper = a.upperBound(b);
    TrackingToken lower = a.lowerBound(b);

    assertThat(upper.covers(a) && upper.covers(b)).isTrue();
    assertThat(a.covers(lower) && b.covers(lower)).isTrue();
  }

  @Property
  void coversAgreesWithTheBounds(
      @ForAll("tokens") KafkaTrackingToken a, @ForAll("tokens") KafkaTrackingToken b) {
    assertThat(a.covers(b)).isEqualTo(a.upperBound(b).equals(a));
    assertThat(a.covers(b)).isEqualTo(a.lowerBound(b).equals(b));
  }

  @Property
  void coversIsAPartialOrder(
      @ForAll("tokens") KafkaTrackingToken a,
      @ForAll("tokens") KafkaTrackingToken b,
      @ForAll("tokens") KafkaTrackingToken c) {
    assertThat(a.covers(a)).isTrue();
    if (a.covers(b) && b.covers(a)) {
      assertThat(a).isEqualTo(b);
      assertThat(a.samePositionAs(b)).isTrue();
    }
    if (a.covers(b) && b.covers(c)) {
      assertThat(a.covers(c)).isTrue();
    }
  }

  @Property
  void positionGrowsWithCoverage(
      @ForAll("tokens") KafkaTrackingToken a, @ForAll("tokens") KafkaTrackingToken b) {
    if (a.covers(b)) {
      assertThat(a.position().getAsLong()).isGreaterThanOrEqualTo(b.position().getAsLong());
    }
  }

  @Property
  void advancingCoversTheRecordAndNeverMovesBack(
      @ForAll("tokens") KafkaTrackingToken a,
      @ForAll @IntRange(max = 3) int partition,
      @ForAll @IntRange(max = 30) int offset) {
    KafkaTrackingToken next = a.advancedTo(partition, offset);

    assertThat(next.covers(a)).isTrue();
    assertThat(next.includes(partition, offset)).isTrue();
  }

  @Property
  void survivesJsonRoundTrip(@ForAll("tokens") KafkaTrackingToken a) throws Exception {
    var mapper = new ObjectMapper();

    String json = mapper.writeValueAsString(a);

    assertThat(mapper.readValue(json, KafkaTrackingToken.class)).isEqualTo(a);
  }

  /**
   * A replay reads the same records as the original run, but partitions may interleave in another
   * order. Every replayed record must be flagged a replay exactly when it lay behind the position
   * at reset, and the processor must leave replay mode once it is past that position.
   */
  @Property(tries = 300)
  void replayTokensFlagExactlyTheRecordsBehindTheReset(
      @ForAll @IntRange(min = 1, max = 4) int partitions,
      @ForAll @IntRange(min = 1, max = 12) int recordsPerPartition,
      @ForAll long seed) {
    Random random = new Random(seed);
    List<int[]> original = interleaving(partitions, recordsPerPartition, random);
    int resetAfter = random.nextInt(original.size() + 1);
    KafkaTrackingToken atReset = KafkaTrackingToken.empty();
    for (int[] record : original.subList(0, resetAfter)) {
      atReset = atReset.advancedTo(record[0], record[1]);
    }

    TrackingToken token = ReplayToken.createReplayToken(atReset);
    KafkaTrackingToken plain = KafkaTrackingToken.empty();
    for (int[] record : interleaving(partitions, recordsPerPartition, random)) {
      plain = plain.advancedTo(record[0], record[1]);
      token = ((ReplayToken) token).advancedTo(plain);

      assertThat(ReplayToken.isReplay(token))
          .as("record %d of partition %d, reset at %s", record[1], record[0], atReset)
          .isEqualTo(atReset.includes(record[0], record[1]));
      if (!(token instanceof ReplayToken)) {
        assertThat(plain.covers(atReset)).isTrue();
        return;
      }
    }
    assertThat(plain.covers(atReset)).isTrue();
  }

  private static List<int[]> interleaving(int partitions, int perPartition, Random random) {
    List<Integer> picks = new ArrayList<>();
    for (int p = 0; p < partitions; p++) {
      picks.addAll(Collections.nCopies(perPartition, p));
    }
    Collections.shuffle(picks, random);
    int[] next = new int[partitions];
    List<int[]> records = new ArrayList<>();
    for (int p : picks) {
      records.add(new int[] {p, next[p]++});
    }
    return records;
  }

  @Example
  void partitionsNeverReadAreAtOffsetZero() {
    KafkaTrackingToken a = KafkaTrackingToken.of(Map.of(0, 5L, 1, 0L));

    assertThat(a).isEqualTo(KafkaTrackingToken.of(Map.of(0, 5L)));
    assertThat(a.nextOffset(7)).isZero();
    assertThat(KafkaTrackingToken.empty().covers(a)).isFalse();
    assertThat(a.covers(null)).isTrue();
  }

  @Example
  void refusesNegativeOffsetsAndForeignTokens() {
    assertThatThrownBy(() -> KafkaTrackingToken.of(Map.of(0, -1L)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("offset -1");
    assertThatThrownBy(() -> KafkaTrackingToken.empty().covers(new GlobalSequenceTrackingToken(3)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("GlobalSequenceTrackingToken");
  }
}
