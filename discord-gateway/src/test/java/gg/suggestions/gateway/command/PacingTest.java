package gg.suggestions.gateway.command;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class PacingTest {

  private static final Instant T0 = Instant.parse("2026-06-01T12:00:00Z");

  private final Pacing pacing = new Pacing(Duration.ofSeconds(2));

  @Test
  void aSecondCommandWithinTheIntervalIsRefusedWithTheWholeSecondsToWait() {
    pacing.admit("1", T0);

    assertThatThrownBy(() -> pacing.admit("1", T0.plusMillis(500)))
        .isInstanceOfSatisfying(
            InvalidInput.class,
            e -> {
              org.assertj.core.api.Assertions.assertThat(e.key()).isEqualTo("input.slow_down");
              org.assertj.core.api.Assertions.assertThat(e.arguments()).containsExactly(2L);
            });
  }

  @Test
  void aRefusedCommandDoesNotRestartTheInterval() {
    pacing.admit("1", T0);
    assertThatThrownBy(() -> pacing.admit("1", T0.plusMillis(1_900)))
        .isInstanceOf(InvalidInput.class);

    assertThatCode(() -> pacing.admit("1", T0.plusSeconds(2))).doesNotThrowAnyException();
  }

  @Test
  void membersArePacedOneByOne() {
    pacing.admit("1", T0);

    assertThatCode(() -> pacing.admit("2", T0)).doesNotThrowAnyException();
  }

  @Test
  void aZeroIntervalPacesNothing() {
    Pacing off = new Pacing(Duration.ZERO);
    off.admit("1", T0);

    assertThatCode(() -> off.admit("1", T0)).doesNotThrowAnyException();
  }
}
