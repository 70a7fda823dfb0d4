package gg.suggestions.command.suggestion;

import gg.suggestions.command.guildconfig.GuildConfig;
import gg.suggestions.command.guildconfig.ModeratorsOnly;
import gg.suggestions.command.guildconfig.SubmissionRules;
import gg.suggestions.command.outcome.Outcome;
import gg.suggestions.eventstore.contract.Actor;
import gg.suggestions.eventstore.contract.ErrorCode;
import gg.suggestions.eventstore.contract.suggestion.AddSuggestionNote;
import gg.suggestions.eventstore.contract.suggestion.ApproveSuggestion;
import gg.suggestions.eventstore.contract.suggestion.ClearSuggestion;
import gg.suggestions.eventstore.contract.suggestion.RejectSuggestion;
import gg.suggestions.eventstore.contract.suggestion.RemoveSuggestionNote;
import gg.suggestions.eventstore.contract.suggestion.SuggestionApproved;
import gg.suggestions.eventstore.contract.suggestion.SuggestionCleared;
import gg.suggestions.eventstore.contract.suggestion.SuggestionNoteAdded;
import gg.suggestions.eventstore.contract.suggestion.SuggestionNoteRemoved;
import gg.suggestions.eventstore.contract.suggestion.SuggestionRejected;
import gg.suggestions.eventstore.contract.suggestion.SuggestionSubmitted;
import gg.suggestions.eventstore.contract.suggestion.VoteCast;
import gg.suggestions.eventstore.contract.suggestion.VoteDirection;
import gg.suggestions.eventstore.contract.suggestion.VoteOnSuggestion;
import gg.suggestions.eventstore.contract.suggestion.VoteSwitched;
import gg.suggestions.eventstore.contract.suggestion.VoteWithdrawn;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.axonframework.eventsourcing.EventSourcingRepository;
import org.axonframework.messaging.MetaData;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class SuggestionTest {

  private static final String GUILD = "601219766258106399";
  private static final String SID = "k3x9ab2f";
  private static final String STAFF_ROLE = "801219766258106399";

  private static final Actor AUTHOR = new Actor("10", 0, List.of());
  private static final Actor VOTER = new Actor("11", 0, List.of());
  private static final Actor STAFF = new Actor("12", 0, List.of(STAFF_ROLE));
  private static final Actor MEMBER = new Actor("13", 0, List.of("999219766258106399"));

  private static final SuggestionSubmitted SUBMITTED =
      new SuggestionSubmitted(GUILD, SID, AUTHOR.userId(), "More emoji slots", null, false);

  private FixtureConfiguration<Suggestion> fixture;
  private boolean resolutionTargetExists = true;

  @BeforeEach
  void setUp() {
    fixture = new AggregateTestFixture<>(Suggestion.class);
    fixture.registerCommandHandlerInterceptor(new ModeratorsOnly(guild -> Set.of(STAFF_ROLE)));
    // No queued items here: every id names a suggestion (QueuedSuggestionTest covers the queue).
    fixture.registerAnnotatedCommandHandler(
        new Resolutions(
            fixture.getRepository(),
            EventSourcingRepository.builder(QueuedSuggestion.class)
                .eventStore(fixture.getEventStore())
                .build(),
            key -> false,
            guild -> resolutionTargetExists,
            guild -> SubmissionRules.UNCONFIGURED,
            (submitted, note) -> {
              throw new AssertionError("Only a queued item is published on approval");
            }));
  }

  @Nested
  class Voting {

    @Test
    void aFirstPressVotes() {
      fixture
          .given(SUBMITTED)
          .when(vote(VoteDirection.UP), as(VOTER))
          .expectEvents(new VoteCast(GUILD, SID, VOTER.userId(), VoteDirection.UP))
          .expectResultMessagePayload(Outcome.accepted(Map.of("vote", "cast")));
    }

    @Test
    void theOtherButtonSwitchesTheVote() {
      fixture
          .given(SUBMITTED, new VoteCast(GUILD, SID, VOTER.userId(), VoteDirection.UP))
          .when(vote(VoteDirection.DOWN), as(VOTER))
          .expectEvents(new VoteSwitched(GUILD, SID, VOTER.userId(), VoteDirection.DOWN))
          .expectResultMessagePayload(Outcome.accepted(Map.of("vote", "switched")));
    }

    @Test
    void theSameButtonAgainWithdrawsTheVote() {
      fixture
          .given(SUBMITTED, new VoteCast(GUILD, SID, VOTER.userId(), VoteDirection.DOWN))
          .when(vote(VoteDirection.DOWN), as(VOTER))
          .expectEvents(new VoteWithdrawn(GUILD, SID, VOTER.userId()))
          .expectResultMessagePayload(Outcome.accepted(Map.of("vote", "withdrawn")));
    }

    @Test
    void aWithdrawnVoteCanBeCastAgain() {
      fixture
          .given(
              SUBMITTED,
              new VoteCast(GUILD, SID, VOTER.userId(), VoteDirection.UP),
              new VoteWithdrawn(GUILD, SID, VOTER.userId()))
          .when(vote(VoteDirection.UP), as(VOTER))
          .expectEvents(new VoteCast(GUILD, SID, VOTER.userId(), VoteDirection.UP));
    }

    @Test
    void votesOfOtherMembersAreTheirOwn() {
      fixture
          .given(SUBMITTED, new VoteCast(GUILD, SID, MEMBER.userId(), VoteDirection.UP))
          .when(vote(VoteDirection.UP), as(VOTER))
          .expectEvents(new VoteCast(GUILD, SID, VOTER.userId(), VoteDirection.UP));
    }

    @Test
    void aResolvedSuggestionTakesNoVotes() {
      fixture
          .given(SUBMITTED, new SuggestionApproved(GUILD, SID, STAFF.userId(), null))
          .when(vote(VoteDirection.UP), as(VOTER))
          .expectNoEvents()
          .expectResultMessagePayload(Outcome.refused(ErrorCode.SUGGESTION_NOT_OPEN, null));
    }

    @Test
    void aClearedSuggestionTakesNoVotes() {
      fixture
          .given(SUBMITTED, new SuggestionCleared(GUILD, SID, STAFF.userId(), null))
          .when(vote(VoteDirection.DOWN), as(VOTER))
          .expectNoEvents()
          .expectResultMessagePayload(Outcome.refused(ErrorCode.SUGGESTION_NOT_OPEN, null));
    }
  }

  @Nested
  class Resolving {

    @Test
    void aModeratorApprovesAPendingSuggestionWithAResponse() {
      fixture
          .given(SUBMITTED)
          .when(new ApproveSuggestion(GUILD, SID, "Done!"), as(STAFF))
          .expectEvents(new SuggestionApproved(GUILD, SID, STAFF.userId(), "Done!"));
    }

    @Test
    void aModeratorRejectsAPendingSuggestion() {
      fixture
          .given(SUBMITTED)
          .when(new RejectSuggestion(GUILD, SID, null), as(STAFF))
          .expectEvents(new SuggestionRejected(GUILD, SID, STAFF.userId(), null));
    }

    @Test
    void aSecondApprovalIsRefused() {
      fixture
          .given(SUBMITTED, new SuggestionApproved(GUILD, SID, STAFF.userId(), null))
          .when(new ApproveSuggestion(GUILD, SID, null), as(STAFF))
          .expectNoEvents()
          .expectResultMessagePayload(
              Outcome.refused(ErrorCode.SUGGESTION_ALREADY_RESOLVED, "It was approved."));
    }

    @Test
    void aRejectionAfterAnApprovalIsRefused() {
      fixture
          .given(SUBMITTED, new SuggestionApproved(GUILD, SID, STAFF.userId(), null))
          .when(new RejectSuggestion(GUILD, SID, null), as(STAFF))
          .expectNoEvents()
          .expectResultMessagePayload(
              Outcome.refused(ErrorCode.SUGGESTION_ALREADY_RESOLVED, "It was approved."));
    }

    @Test
    void aClearedSuggestionCannotBeResolved() {
      fixture
          .given(SUBMITTED, new SuggestionCleared(GUILD, SID, STAFF.userId(), null))
          .when(new RejectSuggestion(GUILD, SID, null), as(STAFF))
          .expectNoEvents()
          .expectResultMessagePayload(Outcome.refused(ErrorCode.SUGGESTION_NOT_OPEN, null));
    }

    @Test
    void aGuildWithoutLogChannelOrKeepLogsCannotResolve() {
      resolutionTargetExists = false;

      fixture
          .given(SUBMITTED)
          .when(new ApproveSuggestion(GUILD, SID, null), as(STAFF))
          .expectNoEvents()
          .expectResultMessagePayload(Outcome.refused(ErrorCode.NO_LOG_CHANNEL, null));
    }

    @Test
    void aResponseOver1000CharactersIsRefused() {
      fixture
          .given(SUBMITTED)
          .when(new ApproveSuggestion(GUILD, SID, "x".repeat(1001)), as(STAFF))
          .expectNoEvents()
          .expectResultMessagePayload(Outcome.refused(ErrorCode.RESPONSE_TOO_LONG, null));
    }
  }

  @Nested
  class Clearing {

    @Test
    void clearsAPendingSuggestion() {
      fixture
          .given(SUBMITTED)
          .when(new ClearSuggestion(GUILD, SID, "Duplicate"), as(STAFF))
          .expectEvents(new SuggestionCleared(GUILD, SID, STAFF.userId(), "Duplicate"));
    }

    @Test
    void clearsAResolvedSuggestion() {
      fixture
          .given(SUBMITTED, new SuggestionRejected(GUILD, SID, STAFF.userId(), null))
          .when(new ClearSuggestion(GUILD, SID, null), as(STAFF))
          .expectEvents(new SuggestionCleared(GUILD, SID, STAFF.userId(), null));
    }

    @Test
    void aSecondClearIsRefused() {
      fixture
          .given(SUBMITTED, new SuggestionCleared(GUILD, SID, STAFF.userId(), null))
          .when(new ClearSuggestion(GUILD, SID, null), as(STAFF))
          .expectNoEvents()
          .expectResultMessagePayload(
              Outcome.refused(ErrorCode.SUGGESTION_NOT_OPEN, "It is already cleared."));
    }
  }

  @Nested
  class Notes {

    @Test
    void aModeratorAddsANote() {
      fixture
          .given(SUBMITTED)
          .when(new AddSuggestionNote(GUILD, SID, "  Planned  "), as(STAFF))
          .expectEvents(new SuggestionNoteAdded(GUILD, SID, STAFF.userId(), "Planned"));
    }

    @Test
    void aNoteIsRemoved() {
      fixture
          .given(SUBMITTED, new SuggestionNoteAdded(GUILD, SID, STAFF.userId(), "Planned"))
          .when(new RemoveSuggestionNote(GUILD, SID), as(STAFF))
          .expectEvents(new SuggestionNoteRemoved(GUILD, SID, STAFF.userId()));
    }

    @Test
    void removingAMissingNoteIsRefused() {
      fixture
          .given(
              SUBMITTED,
              new SuggestionNoteAdded(GUILD, SID, STAFF.userId(), "Planned"),
              new SuggestionNoteRemoved(GUILD, SID, STAFF.userId()))
          .when(new RemoveSuggestionNote(GUILD, SID), as(STAFF))
          .expectNoEvents()
          .expectResultMessagePayload(Outcome.refused(ErrorCode.NO_NOTE, null));
    }

    @Test
    void anEmptyNoteIsRefused() {
      fixture
          .given(SUBMITTED)
          .when(new AddSuggestionNote(GUILD, SID, "   "), as(STAFF))
          .expectNoEvents()
          .expectResultMessagePayload(
              Outcome.refused(ErrorCode.RESPONSE_TOO_LONG, "A note has 1 to 1000 characters."));
    }
  }

  /** Every moderator route refuses a member who is not a moderator, and appends nothing. */
  @Nested
  class NonModerators {

    @Test
    void cannotApprove() {
      refused(new ApproveSuggestion(GUILD, SID, null));
    }

    @Test
    void cannotReject() {
      refused(new RejectSuggestion(GUILD, SID, null));
    }

    @Test
    void cannotClear() {
      refused(new ClearSuggestion(GUILD, SID, null));
    }

    @Test
    void cannotAddANote() {
      refused(new AddSuggestionNote(GUILD, SID, "mine now"));
    }

    @Test
    void cannotRemoveANote() {
      fixture
          .given(SUBMITTED, new SuggestionNoteAdded(GUILD, SID, STAFF.userId(), "Planned"))
          .when(new RemoveSuggestionNote(GUILD, SID), as(MEMBER))
          .expectNoEvents()
          .expectResultMessagePayload(Outcome.refused(ErrorCode.NOT_A_MODERATOR, null));
    }

    private void refused(Object command) {
      fixture
          .given(SUBMITTED)
          .when(command, as(MEMBER))
          .expectNoEvents()
          .expectResultMessagePayload(Outcome.refused(ErrorCode.NOT_A_MODERATOR, null));
    }
  }

  private static VoteOnSuggestion vote(VoteDirection direction) {
    return new VoteOnSuggestion(GUILD, SID, direction);
  }

  private static Map<String, ?> as(Actor actor) {
    return MetaData.with(GuildConfig.ACTOR, actor);
  }
}
