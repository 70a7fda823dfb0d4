package gg.suggestions.query.projection.suggestions;

import static org.assertj.core.api.Assertions.assertThat;

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
import gg.suggestions.query.projection.suggestions.SuggestionRow.State;
import java.time.Instant;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class SuggestionTransitionsTest {

  private static final String GUILD = "601219766258106399";
  private static final String SID = "k3x9ab2f";
  private static final Instant AT = Instant.parse("2026-06-01T12:00:00Z");

  private final SuggestionRow pending =
      SuggestionTransitions.submitted(
          new SuggestionSubmitted(GUILD, SID, "10", "Idea", null, true), 0, AT);

  @Test
  void aSubmissionIsPendingWithoutVotes() {
    assertThat(pending.state()).isEqualTo(State.PENDING);
    assertThat(pending.upVotes()).isZero();
    assertThat(pending.downVotes()).isZero();
    assertThat(pending.submission().anonymous()).isTrue();
    assertThat(pending.submission().submittedAt()).isEqualTo(AT);
  }

  @Nested
  class Votes {

    @Test
    void aCastCountsOnce() {
      VoteDirection after =
          SuggestionTransitions.vote(null, new VoteCast(GUILD, SID, "21", VoteDirection.UP));

      SuggestionRow row = pending.counted(null, after);

      assertThat(row.upVotes()).isEqualTo(1);
      assertThat(row.downVotes()).isZero();
    }

    @Test
    void aSwitchMovesTheVote() {
      SuggestionRow up = pending.counted(null, VoteDirection.UP);
      VoteDirection after =
          SuggestionTransitions.vote(
              VoteDirection.UP, new VoteSwitched(GUILD, SID, "21", VoteDirection.DOWN));

      SuggestionRow row = up.counted(VoteDirection.UP, after);

      assertThat(row.upVotes()).isZero();
      assertThat(row.downVotes()).isEqualTo(1);
    }

    @Test
    void aWithdrawalRemovesIt() {
      SuggestionRow down = pending.counted(null, VoteDirection.DOWN);
      VoteDirection after =
          SuggestionTransitions.vote(VoteDirection.DOWN, new VoteWithdrawn(GUILD, SID, "21"));

      assertThat(after).isNull();
      assertThat(down.counted(VoteDirection.DOWN, after).downVotes()).isZero();
    }
  }

  @Test
  void aRejectionRecordsWhoWhenAndWhy() {
    Instant later = AT.plusSeconds(60);

    SuggestionRow row =
        SuggestionTransitions.apply(
            pending, new SuggestionRejected(GUILD, SID, "12", "Not now"), 4, later);

    assertThat(row.state()).isEqualTo(State.REJECTED);
    assertThat(row.resolution()).isEqualTo(new SuggestionRow.Resolution("12", "Not now", later));
    assertThat(row.lastSequence()).isEqualTo(4);
  }

  @Test
  void clearingWorksFromAResolvedState() {
    SuggestionRow rejected =
        SuggestionTransitions.apply(pending, new SuggestionRejected(GUILD, SID, "12", null), 1, AT);

    SuggestionRow row =
        SuggestionTransitions.apply(
            rejected, new SuggestionCleared(GUILD, SID, "13", "Spam"), 2, AT);

    assertThat(row.state()).isEqualTo(State.CLEARED);
    assertThat(row.resolution().moderatorId()).isEqualTo("13");
  }

  @Test
  void aRemovedNoteIsGone() {
    SuggestionRow noted =
        SuggestionTransitions.apply(
            pending, new SuggestionNoteAdded(GUILD, SID, "12", "Soon"), 1, AT);

    SuggestionRow row =
        SuggestionTransitions.apply(noted, new SuggestionNoteRemoved(GUILD, SID, "12"), 2, AT);

    assertThat(noted.note().text()).isEqualTo("Soon");
    assertThat(row.note()).isNull();
  }

  @Test
  void discordFactsMoveTheMessageAndKeepTheThread() {
    SuggestionRow row = pending;
    row = SuggestionTransitions.apply(row, new SuggestionThreadCreated(GUILD, SID, "9001"), 1, AT);
    row = SuggestionTransitions.apply(row, new SuggestionMessageMoved(GUILD, SID, "7", "8"), 2, AT);
    row = SuggestionTransitions.apply(row, new SuggestionThreadArchived(GUILD, SID, "9001"), 3, AT);

    assertThat(row.discord()).isEqualTo(new SuggestionRow.Discord("7", "8", "9001", true));

    row = SuggestionTransitions.apply(row, new SuggestionMessageDeleted(GUILD, SID, "8"), 4, AT);

    assertThat(row.discord()).isEqualTo(new SuggestionRow.Discord(null, null, "9001", true));
  }
}
