package gg.suggestions.command.suggestion;

import gg.suggestions.command.outcome.Outcome;
import gg.suggestions.eventstore.contract.ErrorCode;
import gg.suggestions.eventstore.contract.suggestion.RecordSuggestionMessage;
import gg.suggestions.eventstore.contract.suggestion.RecordSuggestionMessageDeletion;
import gg.suggestions.eventstore.contract.suggestion.RecordSuggestionThread;
import gg.suggestions.eventstore.contract.suggestion.RecordSuggestionThreadArchival;
import gg.suggestions.eventstore.contract.suggestion.SuggestionMessageDeleted;
import gg.suggestions.eventstore.contract.suggestion.SuggestionMessageMoved;
import gg.suggestions.eventstore.contract.suggestion.SuggestionMessagePosted;
import gg.suggestions.eventstore.contract.suggestion.SuggestionSubmitted;
import gg.suggestions.eventstore.contract.suggestion.SuggestionThreadArchived;
import gg.suggestions.eventstore.contract.suggestion.SuggestionThreadCreated;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class DiscordPresenceTest {

  private static final String GUILD = "601219766258106399";
  private static final String SID = "k3x9ab2f";
  private static final String CHANNEL = "701219766258106399";
  private static final String LOG_CHANNEL = "711219766258106399";
  private static final String MESSAGE = "1301219766258106399";
  private static final String COPY = "1311219766258106399";
  private static final String THREAD = "1401219766258106399";

  private static final SuggestionSubmitted SUBMITTED =
      new SuggestionSubmitted(GUILD, SID, "10", "Idea", null, false);
  private static final SuggestionMessagePosted POSTED =
      new SuggestionMessagePosted(GUILD, SID, CHANNEL, MESSAGE);

  private FixtureConfiguration<Suggestion> fixture;

  @BeforeEach
  void setUp() {
    fixture = new AggregateTestFixture<>(Suggestion.class);
  }

  @Test
  void theFirstMessageIsPosted() {
    fixture
        .given(SUBMITTED)
        .when(new RecordSuggestionMessage(GUILD, SID, CHANNEL, MESSAGE))
        .expectEvents(POSTED)
        .expectResultMessagePayload(Outcome.accepted());
  }

  @Test
  void theSameMessageReportedAgainChangesNothing() {
    fixture
        .given(SUBMITTED, POSTED)
        .when(new RecordSuggestionMessage(GUILD, SID, CHANNEL, MESSAGE))
        .expectNoEvents()
        .expectResultMessagePayload(Outcome.accepted());
  }

  @Test
  void aResolvedCopyElsewhereIsAMove() {
    fixture
        .given(SUBMITTED, POSTED, new SuggestionMessageDeleted(GUILD, SID, MESSAGE))
        .when(new RecordSuggestionMessage(GUILD, SID, LOG_CHANNEL, COPY))
        .expectEvents(new SuggestionMessageMoved(GUILD, SID, LOG_CHANNEL, COPY));
  }

  @Test
  void theCurrentMessageIsDeleted() {
    fixture
        .given(SUBMITTED, POSTED)
        .when(new RecordSuggestionMessageDeletion(GUILD, SID, MESSAGE))
        .expectEvents(new SuggestionMessageDeleted(GUILD, SID, MESSAGE));
  }

  @Test
  void aDeletionOfAnOlderMessageChangesNothing() {
    fixture
        .given(SUBMITTED, POSTED, new SuggestionMessageMoved(GUILD, SID, LOG_CHANNEL, COPY))
        .when(new RecordSuggestionMessageDeletion(GUILD, SID, MESSAGE))
        .expectNoEvents();
  }

  @Test
  void aThreadIsCreatedOnceAndArchivedOnce() {
    fixture
        .given(SUBMITTED, new SuggestionThreadCreated(GUILD, SID, THREAD))
        .when(new RecordSuggestionThreadArchival(GUILD, SID, THREAD))
        .expectEvents(new SuggestionThreadArchived(GUILD, SID, THREAD));
    fixture
        .given(
            SUBMITTED,
            new SuggestionThreadCreated(GUILD, SID, THREAD),
            new SuggestionThreadArchived(GUILD, SID, THREAD))
        .when(new RecordSuggestionThreadArchival(GUILD, SID, THREAD))
        .expectNoEvents();
  }

  @Test
  void aNewThreadIsRecorded() {
    fixture
        .given(SUBMITTED)
        .when(new RecordSuggestionThread(GUILD, SID, THREAD))
        .expectEvents(new SuggestionThreadCreated(GUILD, SID, THREAD));
  }

  @Test
  void somethingThatIsNotADiscordIdIsRefused() {
    fixture
        .given(SUBMITTED)
        .when(new RecordSuggestionMessage(GUILD, SID, CHANNEL, "not-an-id"))
        .expectNoEvents()
        .expectResultMessagePayload(
            Outcome.refused(
                ErrorCode.INVALID_COMMAND, "Channel, message and thread ids are Discord ids."));
  }
}
