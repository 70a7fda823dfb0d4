package gg.suggestions.query.projection.suggestions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import gg.suggestions.eventstore.contract.suggestion.SuggestionCleared;
import gg.suggestions.eventstore.contract.suggestion.SuggestionMessageDeleted;
import gg.suggestions.eventstore.contract.suggestion.SuggestionMessageMoved;
import gg.suggestions.eventstore.contract.suggestion.SuggestionNoteAdded;
import gg.suggestions.eventstore.contract.suggestion.SuggestionNoteRemoved;
import gg.suggestions.eventstore.contract.suggestion.SuggestionRejected;
import gg.suggestions.eventstore.contract.suggestion.SuggestionSubmitted;
import gg.suggestions.eventstore.contract.suggestion.SuggestionThreadArchived;
import gg.suggestions.eventstore.contract.suggestion.SuggestionThreadCreated;
import gg.suggestions.eventstore.contract.suggestion.VoteCast;
import gg.suggestions.eventstore.contract.suggestion.VoteDirection;
import gg.suggestions.eventstore.contract.suggestion.VoteSwitched;
import gg.suggestions.eventstore.contract.suggestion.VoteWithdrawn;
import gg.suggestions.query.projection.Dispatch;
import gg.suggestions.query.projection.store.MemoryStore;
import gg.suggestions.query.projection.store.Store;
import gg.suggestions.query.projection.suggestions.SuggestionRow.State;
import gg.suggestions.query.projection.suggestions.SuggestionRows.Vote;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The suggestions projection's rules, dispatched by Axon as the processor and a rebuild dispatch
 * them, over the in-memory store (the live store runs the same rules: {@code
 * SuggestionsProjectionIT}).
 */
class SuggestionsProjectionTest {

  private static final String GUILD = "601219766258106399";
  private static final String SID = "k3x9ab2f";
  private static final Instant AT = Instant.parse("2026-06-01T12:00:00Z");
  private static final LocalDate DAY = LocalDate.of(2026, 6, 1);

  private final MemoryStore store = new MemoryStore();
  private final Dispatch projection = new Dispatch(new SuggestionsProjection(store));
  private final Store.Rows<SuggestionRow> rows = store.rows(SuggestionRows.SUGGESTION);
  private final Store.Rows<Vote> votes = store.rows(SuggestionRows.VOTE);

  SuggestionsProjectionTest() {
    apply(0, new SuggestionSubmitted(GUILD, SID, "10", "Idea", null, true));
  }

  private void apply(long sequence, Object event) {
    projection.event(GUILD + ":" + SID, sequence, AT.plusSeconds(sequence), event);
  }

  private SuggestionRow row() {
    return rows.find(GUILD, SID).orElseThrow();
  }

  private long outcomes(String outcome) {
    return store.counted(SuggestionRows.DAILY_OUTCOME, List.of(DAY, GUILD, outcome))[0];
  }

  @Test
  void aSubmissionIsPendingWithoutVotesAndCounted() {
    assertThat(row().state()).isEqualTo(State.PENDING);
    assertThat(row().upVotes()).isZero();
    assertThat(row().downVotes()).isZero();
    assertThat(row().submission().anonymous()).isTrue();
    assertThat(row().submission().submittedAt()).isEqualTo(AT);
    assertThat(outcomes("submitted")).isEqualTo(1);
  }

  @Test
  void aSubmissionSeenAgainChangesNothing() {
    apply(1, new SuggestionNoteAdded(GUILD, SID, "12", "Soon"));
    apply(0, new SuggestionSubmitted(GUILD, SID, "10", "Another text", null, false));

    assertThat(row().submission().text()).isEqualTo("Idea");
    assertThat(row().note().text()).isEqualTo("Soon");
    assertThat(outcomes("submitted")).isEqualTo(1);
  }

  @Nested
  class Votes {

    @Test
    void aCastCountsOnceEvenRedelivered() {
      apply(1, new VoteCast(GUILD, SID, "21", VoteDirection.UP));
      apply(1, new VoteCast(GUILD, SID, "21", VoteDirection.UP));

      assertThat(row().upVotes()).isEqualTo(1);
      assertThat(row().downVotes()).isZero();
      assertThat(votes.find(GUILD, SID, "21").map(Vote::direction)).contains(VoteDirection.UP);
    }

    @Test
    void aSwitchMovesTheVote() {
      apply(1, new VoteCast(GUILD, SID, "21", VoteDirection.UP));
      apply(2, new VoteCast(GUILD, SID, "22", VoteDirection.UP));
      apply(3, new VoteSwitched(GUILD, SID, "21", VoteDirection.DOWN));

      assertThat(row().upVotes()).isEqualTo(1);
      assertThat(row().downVotes()).isEqualTo(1);
      assertThat(votes.find(GUILD, SID, "21").map(Vote::direction)).contains(VoteDirection.DOWN);
    }

    @Test
    void aWithdrawalRemovesIt() {
      apply(1, new VoteCast(GUILD, SID, "21", VoteDirection.DOWN));
      apply(2, new VoteWithdrawn(GUILD, SID, "21"));

      assertThat(row().downVotes()).isZero();
      assertThat(votes.find(GUILD, SID, "21")).isEmpty();
      assertThat(row().lastSequence()).isEqualTo(2);
    }
  }

  @Test
  void aRejectionRecordsWhoWhenAndWhyAndCountsOnce() {
    apply(4, new SuggestionRejected(GUILD, SID, "12", "Not now"));
    apply(4, new SuggestionRejected(GUILD, SID, "12", "Not now"));

    assertThat(row().state()).isEqualTo(State.REJECTED);
    assertThat(row().resolution())
        .isEqualTo(new SuggestionRow.Resolution("12", "Not now", AT.plusSeconds(4)));
    assertThat(row().lastSequence()).isEqualTo(4);
    assertThat(outcomes("rejected")).isEqualTo(1);
  }

  @Test
  void clearingWorksFromAResolvedStateAndCountsAsCleared() {
    apply(1, new SuggestionRejected(GUILD, SID, "12", null));
    apply(2, new SuggestionCleared(GUILD, SID, "13", "Spam"));

    assertThat(row().state()).isEqualTo(State.CLEARED);
    assertThat(row().resolution().moderatorId()).isEqualTo("13");
    assertThat(outcomes("rejected")).isEqualTo(1);
    assertThat(outcomes("cleared")).isEqualTo(1);
  }

  @Test
  void aRemovedNoteIsGone() {
    apply(1, new SuggestionNoteAdded(GUILD, SID, "12", "Soon"));
    assertThat(row().note()).isEqualTo(new SuggestionRow.Note("Soon", "12"));

    apply(2, new SuggestionNoteRemoved(GUILD, SID, "12"));

    assertThat(row().note()).isNull();
  }

  @Test
  void discordFactsMoveTheMessageAndKeepTheThread() {
    apply(1, new SuggestionThreadCreated(GUILD, SID, "9001"));
    apply(2, new SuggestionMessageMoved(GUILD, SID, "7", "8"));
    apply(3, new SuggestionThreadArchived(GUILD, SID, "9001"));

    assertThat(row().discord()).isEqualTo(new SuggestionRow.Discord("7", "8", "9001", true));

    apply(4, new SuggestionMessageDeleted(GUILD, SID, "8"));

    assertThat(row().discord()).isEqualTo(new SuggestionRow.Discord(null, null, "9001", true));
  }

  @Test
  void anEventOfASuggestionNeverSubmittedFailsAndChangesNothing() {
    String other = "zzzzzzzz";

    assertThatThrownBy(() -> apply(1, new VoteCast(GUILD, other, "21", VoteDirection.UP)))
        .hasMessageContaining(GUILD + "/" + other + " is not in the projection");
    assertThat(votes.find(GUILD, other, "21")).isEmpty();
    assertThat(rows.find(GUILD, other)).isEmpty();
  }
}
