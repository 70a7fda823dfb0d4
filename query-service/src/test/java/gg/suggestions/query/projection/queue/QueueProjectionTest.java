package gg.suggestions.query.projection.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import gg.suggestions.eventstore.contract.suggestion.QueueMode;
import gg.suggestions.eventstore.contract.suggestion.QueuedSuggestionApproved;
import gg.suggestions.eventstore.contract.suggestion.QueuedSuggestionMessagePosted;
import gg.suggestions.eventstore.contract.suggestion.QueuedSuggestionRejected;
import gg.suggestions.eventstore.contract.suggestion.SuggestionQueued;
import gg.suggestions.query.projection.Dispatch;
import gg.suggestions.query.projection.queue.QueuedItemRow.State;
import gg.suggestions.query.projection.store.MemoryStore;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The queue projection's rules, over the memory store as a rebuild runs them. */
class QueueProjectionTest {

  private static final String GUILD = "601219766258106399";
  private static final Instant AT = Instant.parse("2026-06-01T12:00:00Z");

  private final MemoryStore store = new MemoryStore();
  private final Dispatch projection = new Dispatch(new QueueProjection(store));

  private QueuedItemRow item(String queueId) {
    return store.rows(QueueProjection.TABLE).find(GUILD, queueId).orElseThrow();
  }

  private void queue(String queueId) {
    projection.event(
        "q:" + queueId,
        0,
        AT,
        new SuggestionQueued(GUILD, queueId, "10", "Idea", null, false, QueueMode.CHANNEL));
  }

  @Test
  void anItemWaitsThenIsPublishedAsTheSuggestionItBecame() {
    queue("q0000001");
    projection.event(
        "q:q0000001", 1, AT, new QueuedSuggestionMessagePosted(GUILD, "q0000001", "7", "8"));
    projection.event(
        "q:q0000001",
        2,
        AT.plusSeconds(5),
        new QueuedSuggestionApproved(GUILD, "q0000001", "12", "ok", "k3x9ab2f"));

    QueuedItemRow item = item("q0000001");
    assertThat(item.state()).isEqualTo(State.APPROVED);
    assertThat(item.publishedAs()).isEqualTo("k3x9ab2f");
    assertThat(item.messageId()).isEqualTo("8");
    assertThat(item.resolution())
        .isEqualTo(new QueuedItemRow.Resolution("12", "ok", AT.plusSeconds(5)));
    assertThat(item.queuedAt()).isEqualTo(AT);
  }

  @Test
  void aRedeliveredResolutionOrQueueingChangesNothing() {
    queue("q0000002");
    projection.event(
        "q:q0000002", 1, AT, new QueuedSuggestionRejected(GUILD, "q0000002", "12", "no"));
    projection.event(
        "q:q0000002", 1, AT, new QueuedSuggestionApproved(GUILD, "q0000002", "12", "ok", "x"));
    queue("q0000002");

    assertThat(item("q0000002").state()).isEqualTo(State.REJECTED);
    assertThat(item("q0000002").publishedAs()).isNull();
    assertThat(item("q0000002").lastSequence()).isEqualTo(1);
  }

  @Test
  void aResolutionOfAnItemNeverQueuedFails() {
    assertThatThrownBy(
            () ->
                projection.event(
                    "q:nope", 1, AT, new QueuedSuggestionRejected(GUILD, "nope", "12", null)))
        .hasMessageContaining("Queued item " + GUILD + "/nope is not in the projection");
  }
}
