package gg.suggestions.eventstore.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import gg.suggestions.testing.HostileInput;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Consumer;
import org.axonframework.eventhandling.GlobalSequenceTrackingToken;
import org.axonframework.eventhandling.ReplayToken;
import org.axonframework.eventhandling.TrackingToken;
import org.junit.jupiter.api.Test;

/**
 * The token laws Axon's processors and {@link ReplayToken} rely on, checked on seeded random tokens
 * ({@code -Dhostile.seed} replays a failing run).
 */
class KafkaTrackingTokenTest {

  private static final int TRIES = 1000;
  private static final ObjectMapper MAPPER = new ObjectMapper();

  /** Runs {@code law} on {@value #TRIES} random draws; a failure names the seed and the draw. */
  private static void forAll(Consumer<Random> law) {
    forAll(TRIES, law);
  }

  private static void forAll(int tries, Consumer<Random> law) {
    long seed = HostileInput.seed();
    Random random = new Random(seed);
    for (int i = 0; i < tries; i++) {
      try {
        law.accept(random);
      } catch (AssertionError e) {
        throw new AssertionError("Seed " + seed + ", draw " + i + ": " + e.getMessage(), e);
      }
    }
  }

  /** A token over at most 4 of partitions 0 to 3, each at an offset from 0 to 20. */
  private static KafkaTrackingToken token(Random random) {
    Map<Integer, Long> offsets = new HashMap<>();
    int size = random.nextInt(5);
    for (int i = 0; i < size; i++) {
      offsets.put(random.nextInt(4), (long) random.nextInt(21));
    }
    return KafkaTrackingToken.of(offsets);
  }

  @Test
  void boundsAreCommutativeAndIdempotent() {
    forAll(
        random -> {
          KafkaTrackingToken a = token(random);
          KafkaTrackingToken b = token(random);
          assertThat(a.lowerBound(b)).isEqualTo(b.lowerBound(a));
          assertThat(a.upperBound(b)).isEqualTo(b.upperBound(a));
          assertThat(a.lowerBound(a)).isEqualTo(a);
          assertThat(a.upperBound(a)).isEqualTo(a);
        });
  }

  @Test
  void boundsAreAssociative() {
    forAll(
        random -> {
          KafkaTrackingToken a = token(random);
          KafkaTrackingToken b = token(random);
          KafkaTrackingToken c = token(random);
          assertThat(a.lowerBound(b).lowerBound(c)).isEqualTo(a.lowerBound(b.lowerBound(c)));
          assertThat(a.upperBound(b).upperBound(c)).isEqualTo(a.upperBound(b.upperBound(c)));
        });
  }

  @Test
  void theUpperBoundCoversBothAndBothCoverTheLowerBound() {
    forAll(
        random -> {
          KafkaTrackingToken a = token(random);
          KafkaTrackingToken b = token(random);
          TrackingToken upper = a.upperBound(b);
          TrackingToken lower = a.lowerBound(b);

          assertThat(upper.covers(a) && upper.covers(b)).isTrue();
          assertThat(a.covers(lower) && b.covers(lower)).isTrue();
        });
  }

  @Test
  void coversAgreesWithTheBounds() {
    forAll(
        random -> {
          KafkaTrackingToken a = token(random);
          KafkaTrackingToken b = token(random);
          assertThat(a.covers(b)).isEqualTo(a.upperBound(b).equals(a));
          assertThat(a.covers(b)).isEqualTo(a.lowerBound(b).equals(b));
        });
  }

  @Test
  void coversIsAPartialOrder() {
    forAll(
        random -> {
          KafkaTrackingToken a = token(random);
          KafkaTrackingToken b = token(random);
          KafkaTrackingToken c = token(random);
          assertThat(a.covers(a)).isTrue();
          if (a.covers(b) && b.covers(a)) {
            assertThat(a).isEqualTo(b);
            assertThat(a.samePositionAs(b)).isTrue();
          }
          if (a.covers(b) && b.covers(c)) {
            assertThat(a.covers(c)).isTrue();
          }
        });
  }

  @Test
  void positionGrowsWithCoverage() {
    forAll(
        random -> {
          KafkaTrackingToken a = token(random);
          KafkaTrackingToken b = token(random);
          if (a.covers(b)) {
            assertThat(a.position().getAsLong()).isGreaterThanOrEqualTo(b.position().getAsLong());
          }
        });
  }

  @Test
  void advancingCoversTheRecordAndNeverMovesBack() {
    forAll(
        random -> {
          KafkaTrackingToken a = token(random);
          int partition = random.nextInt(4);
          int offset = random.nextInt(31);

          KafkaTrackingToken next = a.advancedTo(partition, offset);

          assertThat(next.covers(a)).isTrue();
          assertThat(next.includes(partition, offset)).isTrue();
        });
  }

  @Test
  void survivesJsonRoundTrip() {
    forAll(
        random -> {
          KafkaTrackingToken a = token(random);
          try {
            String json = MAPPER.writeValueAsString(a);

            assertThat(MAPPER.readValue(json, KafkaTrackingToken.class)).isEqualTo(a);
          } catch (java.io.IOException e) {
            throw new AssertionError(e);
          }
        });
  }

  /**
   * A replay reads the same records as the original run, but partitions may interleave in another
   * order. Every replayed record must be flagged a replay exactly when it lay behind the position
   * at reset, and the processor must leave replay mode once it is past that position.
   */
  @Test
  void replayTokensFlagExactlyTheRecordsBehindTheReset() {
    forAll(300, KafkaTrackingTokenTest::replayFlagsExactlyTheRecordsBehindTheReset);
  }

  private static void replayFlagsExactlyTheRecordsBehindTheReset(Random random) {
    int partitions = random.nextInt(1, 5);
    int recordsPerPartition = random.nextInt(1, 13);
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

  @Test
  void partitionsNeverReadAreAtOffsetZero() {
    KafkaTrackingToken a = KafkaTrackingToken.of(Map.of(0, 5L, 1, 0L));

    assertThat(a).isEqualTo(KafkaTrackingToken.of(Map.of(0, 5L)));
    assertThat(a.nextOffset(7)).isZero();
    assertThat(KafkaTrackingToken.empty().covers(a)).isFalse();
    assertThat(a.covers(null)).isTrue();
  }

  @Test
  void refusesNegativeOffsetsAndForeignTokens() {
    assertThatThrownBy(() -> KafkaTrackingToken.of(Map.of(0, -1L)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("offset -1");
    assertThatThrownBy(() -> KafkaTrackingToken.empty().covers(new GlobalSequenceTrackingToken(3)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("GlobalSequenceTrackingToken");
  }
}
