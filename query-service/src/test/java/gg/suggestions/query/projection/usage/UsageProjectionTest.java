package gg.suggestions.query.projection.usage;

import static org.assertj.core.api.Assertions.assertThat;

import gg.suggestions.eventstore.envelope.InteractionEnvelope;
import gg.suggestions.query.projection.Dispatch;
import gg.suggestions.query.projection.store.MemoryStore;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Usage's rules, over the memory store as a rebuild runs them. */
class UsageProjectionTest {

  private final MemoryStore store = new MemoryStore();
  private final Dispatch projection = new Dispatch(new UsageProjection(store));

  private static InteractionEnvelope at(String instant) {
    return new InteractionEnvelope(
        InteractionEnvelope.SCHEMA,
        "c",
        "Vote",
        null,
        "11",
        "en-GB",
        null,
        "accepted",
        5,
        Instant.parse(instant),
        null);
  }

  @Test
  void interactionsCountInTheirHourAndPartition() {
    projection.interaction(1, at("2026-06-01T12:00:00Z"));
    projection.interaction(1, at("2026-06-01T12:59:59Z"));
    projection.interaction(2, at("2026-06-01T12:30:00Z"));
    projection.interaction(1, at("2026-06-01T13:00:00Z"));

    Instant noon = Instant.parse("2026-06-01T12:00:00Z");
    assertThat(store.counted(UsageProjection.HOURLY_INTERACTIONS, List.of(noon, 1)))
        .containsExactly(2);
    assertThat(store.counted(UsageProjection.HOURLY_INTERACTIONS, List.of(noon, 2)))
        .containsExactly(1);
    assertThat(
            store.counted(
                UsageProjection.HOURLY_INTERACTIONS,
                List.of(Instant.parse("2026-06-01T13:00:00Z"), 1)))
        .containsExactly(1);
  }
}
