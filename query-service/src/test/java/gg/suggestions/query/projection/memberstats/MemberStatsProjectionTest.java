package gg.suggestions.query.projection.memberstats;

import static org.assertj.core.api.Assertions.assertThat;

import gg.suggestions.eventstore.envelope.InteractionEnvelope;
import gg.suggestions.query.projection.Dispatch;
import gg.suggestions.query.projection.store.MemoryStore;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The member statistics' rules, over the memory store as a rebuild runs them. */
class MemberStatsProjectionTest {

  private static final Instant AT = Instant.parse("2026-06-01T12:34:56Z");

  private final MemoryStore store = new MemoryStore();
  private final Dispatch projection = new Dispatch(new MemberStatsProjection(store));

  private static InteractionEnvelope interaction(String guild, String outcome) {
    return new InteractionEnvelope(
        InteractionEnvelope.SCHEMA,
        "c",
        "Vote",
        guild,
        "11",
        "en-GB",
        "en-GB",
        outcome,
        5,
        AT,
        null);
  }

  @Test
  void acceptedCountsAsSucceededAnythingElseAsFailedPerPartitionAndOutsideAGuildNotAtAll() {
    projection.interaction(3, interaction("601", "accepted"));
    projection.interaction(3, interaction("601", "accepted"));
    projection.interaction(3, interaction("601", "refused"));
    projection.interaction(4, interaction("601", "accepted"));
    projection.interaction(3, interaction(null, "accepted"));

    assertThat(store.counted(MemberStatsProjection.MEMBER_STAT, List.of("601", "11", "Vote", 3)))
        .containsExactly(2, 1);
    assertThat(store.counted(MemberStatsProjection.MEMBER_STAT, List.of("601", "11", "Vote", 4)))
        .containsExactly(1, 0);
  }
}
