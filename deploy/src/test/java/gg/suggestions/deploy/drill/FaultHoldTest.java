package gg.suggestions.deploy.drill;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Random;
import org.junit.jupiter.api.Test;

class FaultHoldTest {

  @Test
  void aRangeDrawsEveryLengthWithinItsBoundsAndNothingOutside() {
    System.setProperty("test.hold", " 4 - 15 ");
    FaultDrill.Hold hold = FaultDrill.Hold.parse("test.hold", "15");
    Random random = new Random(17);
    int[] seen = new int[20];
    for (int i = 0; i < 5_000; i++) {
      seen[hold.draw(random)]++;
    }
    for (int s = 0; s < seen.length; s++) {
      assertThat(seen[s] > 0).as("length %d s drawn", s).isEqualTo(s >= 4 && s <= 15);
    }
    assertThat(hold).hasToString("4-15 s");
  }

  @Test
  void aSingleNumberIsAFixedLengthAndTheFallbackAppliesWhenUnset() {
    System.clearProperty("test.hold");
    FaultDrill.Hold hold = FaultDrill.Hold.parse("test.hold", "15");
    assertThat(hold.draw(new Random(1))).isEqualTo(15);
    assertThat(hold).hasToString("15 s");
  }

  @Test
  void malformedOrBackwardsLengthsAreRefusedNamingTheProperty() {
    Random random = new Random(99);
    String[] bad = {"", "x", "-3", "5-3", "4-", "1-2-3", "99999999999", "4..15"};
    for (String value : bad) {
      System.setProperty("test.hold", value + (random.nextBoolean() ? " " : ""));
      assertThatThrownBy(() -> FaultDrill.Hold.parse("test.hold", "15"))
          .as(value)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("-Dtest.hold");
    }
    System.clearProperty("test.hold");
  }
}
