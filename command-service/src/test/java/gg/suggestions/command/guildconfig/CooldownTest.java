package gg.suggestions.command.guildconfig;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class CooldownTest {

  private static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");

  @Test
  void aFirstSubmissionNeverWaits() {
    assertThat(Cooldown.DEFAULT.waitAt(NOW, List.of())).isEmpty();
  }

  @Test
  void theDefaultIsOneEveryThreeSeconds() {
    assertThat(Cooldown.DEFAULT.waitAt(NOW, List.of(NOW.minusSeconds(1))))
        .contains(Duration.ofSeconds(2));
    assertThat(Cooldown.DEFAULT.waitAt(NOW, List.of(NOW.minusSeconds(3)))).isEmpty();
  }

  @Test
  void aLargerAmountCountsOnlyTheSubmissionsInsideThePeriod() {
    var threePerMinute = new Cooldown(3, Duration.ofMinutes(1));
    var earlier = List.of(NOW.minusSeconds(90), NOW.minusSeconds(50), NOW.minusSeconds(20));

    assertThat(threePerMinute.waitAt(NOW, earlier)).isEmpty();
    assertThat(threePerMinute.waitAt(NOW, List.of(earlier.get(1), earlier.get(2), NOW)))
        .contains(Duration.ofSeconds(10));
  }
}
