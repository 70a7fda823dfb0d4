package gg.suggestions.command.suggestion;

import static org.assertj.core.api.Assertions.assertThat;

import gg.suggestions.command.guildconfig.GuildConfig;
import gg.suggestions.command.guildconfig.ModeratorsOnly;
import gg.suggestions.command.guildconfig.SubmissionRules;
import gg.suggestions.command.outcome.Outcome;
import gg.suggestions.eventstore.contract.Actor;
import gg.suggestions.eventstore.contract.ErrorCode;
import gg.suggestions.eventstore.contract.suggestion.ApproveSuggestion;
import gg.suggestions.eventstore.contract.suggestion.ClearSuggestion;
import gg.suggestions.eventstore.contract.suggestion.QueueKey;
import gg.suggestions.eventstore.contract.suggestion.QueueMode;
import gg.suggestions.eventstore.contract.suggestion.QueuedSuggestionApproved;
import gg.suggestions.eventstore.contract.suggestion.QueuedSuggestionCleared;
import gg.suggestions.eventstore.contract.suggestion.QueuedSuggestionMessagePosted;
import gg.suggestions.eventstore.contract.suggestion.QueuedSuggestionRejected;
import gg.suggestions.eventstore.contract.suggestion.RecordQueuedSuggestionMessage;
import gg.suggestions.eventstore.contract.suggestion.RejectSuggestion;
import gg.suggestions.eventstore.contract.suggestion.SuggestionImage;
import gg.suggestions.eventstore.contract.suggestion.SuggestionKey;
import gg.suggestions.eventstore.contract.suggestion.SuggestionNoteAdded;
import gg.suggestions.eventstore.contract.suggestion.SuggestionQueued;
import gg.suggestions.eventstore.contract.suggestion.SuggestionSubmitted;
import java.util.ArrayList;
import java.util.HashSet;
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

class QueuedSuggestionTest {

  private static final String GUILD = "601219766258106399";
  private static final String QID = "q7m2x9ab";
  private static final String STAFF_ROLE = "801219766258106399";
  private static final String COMMAND_ID = "1187654321098765432";

  private static final Actor AUTHOR = new Actor("10", 0, List.of());
  private static final Actor STAFF = new Actor("12", 0, List.of(STAFF_ROLE));
  private static final Actor MEMBER = new Actor("13", 0, List.of("999219766258106399"));

  private static final SuggestionImage IMAGE =
      new SuggestionImage("https://cdn.discordapp.com/a/b/mockup.png", "mockup.png", 1_000);
  private static final SuggestionQueued QUEUED =
      new SuggestionQueued(
          GUILD, QID, AUTHOR.userId(), "More emoji slots", IMAGE, true, QueueMode.CHANNEL);

  private final Set<String> usedKeys = new HashSet<>(Set.of(QueueKey.of(GUILD, QID)));
  private final List<Object> published = new ArrayList<>();
  private SubmissionRules rules = new SubmissionRules(true, false, true, Set.of());
  private FixtureConfiguration<QueuedSuggestion> fixture;

  @BeforeEach
  void setUp() {
    fixture = new AggregateTestFixture<>(QueuedSuggestion.class);
    fixture.registerCommandHandlerInterceptor(new ModeratorsOnly(guild -> Set.of(STAFF_ROLE)));
    fixture.registerAnnotatedCommandHandler(
        new Resolutions(
            EventSourcingRepository.builder(Suggestion.class)
                .eventStore(fixture.getEventStore())
                .build(),
            fixture.getRepository(),
            usedKeys::contains,
            guild -> false,
            guild -> rules,
            (submitted, note) -> {
              published.add(submitted);
              if (note != null) {
                published.add(note);
              }
            }));
  }

  @Nested
  class Approving {

    @Test
    void publishesANewSuggestionWhoseNoteIsTheResponse() {
      String sid = ShortIds.candidate(COMMAND_ID, 0);

      fixture
          .given(QUEUED)
          .when(new ApproveSuggestion(GUILD, QID, " Published, thanks! "), as(STAFF))
          .expectEvents(
              new QueuedSuggestionApproved(GUILD, QID, STAFF.userId(), " Published, thanks! ", sid))
          .expectResultMessagePayload(Outcome.accepted(Map.of(Submissions.SUGGESTION_ID, sid)));

      assertThat(published)
          .containsExactly(
              new SuggestionSubmitted(GUILD, sid, AUTHOR.userId(), "More emoji slots", IMAGE, true),
              new SuggestionNoteAdded(GUILD, sid, STAFF.userId(), "Published, thanks!"));
    }

    @Test
    void withoutAResponseThePublishedSuggestionHasNoNote() {
      fixture.given(QUEUED).when(new ApproveSuggestion(GUILD, QID, "  "), as(STAFF));

      assertThat(published).singleElement().isInstanceOf(SuggestionSubmitted.class);
    }

    @Test
    void theNewSidSkipsEveryIdTheGuildUsed() {
      usedKeys.add(SuggestionKey.of(GUILD, ShortIds.candidate(COMMAND_ID, 0)));
      usedKeys.add(QueueKey.of(GUILD, ShortIds.candidate(COMMAND_ID, 1)));
      String sid = ShortIds.candidate(COMMAND_ID, 2);

      fixture
          .given(QUEUED)
          .when(new ApproveSuggestion(GUILD, QID, null), as(STAFF))
          .expectEvents(new QueuedSuggestionApproved(GUILD, QID, STAFF.userId(), null, sid));
    }

    @Test
    void needsASuggestionsChannel() {
      rules = SubmissionRules.UNCONFIGURED;

      refused(
          new ApproveSuggestion(GUILD, QID, null),
          Outcome.refused(ErrorCode.NO_SUGGESTIONS_CHANNEL, null),
          QUEUED);
    }

    @Test
    void aResponseOver1000CharactersRefuses() {
      refused(
          new ApproveSuggestion(GUILD, QID, "x".repeat(1001)),
          Outcome.refused(ErrorCode.RESPONSE_TOO_LONG, null),
          QUEUED);
    }
  }

  @Test
  void rejectingKeepsItUnpublished() {
    fixture
        .given(QUEUED)
        .when(new RejectSuggestion(GUILD, QID, "We have one already."), as(STAFF))
        .expectEvents(
            new QueuedSuggestionRejected(GUILD, QID, STAFF.userId(), "We have one already."))
        .expectResultMessagePayload(Outcome.accepted());

    assertThat(published).isEmpty();
  }

  /** Each queued item is resolved at most once, by any route. */
  @Nested
  class ResolvedAtMostOnce {

    private final Object approved =
        new QueuedSuggestionApproved(GUILD, QID, STAFF.userId(), null, "k3x9ab2f");
    private final Object rejected = new QueuedSuggestionRejected(GUILD, QID, STAFF.userId(), null);
    private final Outcome wasApproved =
        Outcome.refused(
            ErrorCode.SUGGESTION_ALREADY_RESOLVED, "This queued suggestion was already approved.");
    private final Outcome wasRejected =
        Outcome.refused(
            ErrorCode.SUGGESTION_ALREADY_RESOLVED, "This queued suggestion was already rejected.");

    @Test
    void approvingAnApprovedItem() {
      refused(new ApproveSuggestion(GUILD, QID, null), wasApproved, QUEUED, approved);
    }

    @Test
    void rejectingAnApprovedItem() {
      refused(new RejectSuggestion(GUILD, QID, null), wasApproved, QUEUED, approved);
    }

    @Test
    void approvingARejectedItem() {
      refused(new ApproveSuggestion(GUILD, QID, null), wasRejected, QUEUED, rejected);
    }

    @Test
    void approvingAClearedItem() {
      refused(
          new ApproveSuggestion(GUILD, QID, null),
          Outcome.refused(ErrorCode.SUGGESTION_NOT_OPEN, "It was cleared from the queue."),
          QUEUED,
          new QueuedSuggestionCleared(GUILD, QID, STAFF.userId(), null));
    }
  }

  @Nested
  class Clearing {

    @Test
    void aWaitingItem() {
      fixture
          .given(QUEUED)
          .when(new ClearSuggestion(GUILD, QID, "Spam"), as(STAFF))
          .expectEvents(new QueuedSuggestionCleared(GUILD, QID, STAFF.userId(), "Spam"));
    }

    @Test
    void aResolvedItem() {
      fixture
          .given(QUEUED, new QueuedSuggestionRejected(GUILD, QID, STAFF.userId(), null))
          .when(new ClearSuggestion(GUILD, QID, null), as(STAFF))
          .expectEvents(new QueuedSuggestionCleared(GUILD, QID, STAFF.userId(), null));
    }

    @Test
    void notTwice() {
      refused(
          new ClearSuggestion(GUILD, QID, null),
          Outcome.refused(ErrorCode.SUGGESTION_NOT_OPEN, "It is already cleared."),
          QUEUED,
          new QueuedSuggestionCleared(GUILD, QID, STAFF.userId(), null));
    }
  }

  /** Only moderators may approve, reject or clear queued items, by any route. */
  @Nested
  class AMember {

    @Test
    void cannotApprove() {
      notAModerator(new ApproveSuggestion(GUILD, QID, null));
    }

    @Test
    void cannotReject() {
      notAModerator(new RejectSuggestion(GUILD, QID, null));
    }

    @Test
    void cannotClear() {
      notAModerator(new ClearSuggestion(GUILD, QID, null));
    }

    private void notAModerator(Object command) {
      fixture
          .given(QUEUED)
          .when(command, as(MEMBER))
          .expectNoEvents()
          .expectResultMessagePayload(Outcome.refused(ErrorCode.NOT_A_MODERATOR, null));
      assertThat(published).isEmpty();
    }
  }

  @Nested
  class TheQueueChannelMessage {

    private static final String CHANNEL = "701219766258106399";
    private static final String MESSAGE = "1187654321098765433";

    @Test
    void isRecorded() {
      fixture
          .given(QUEUED)
          .when(new RecordQueuedSuggestionMessage(GUILD, QID, CHANNEL, MESSAGE))
          .expectEvents(new QueuedSuggestionMessagePosted(GUILD, QID, CHANNEL, MESSAGE));
    }

    @Test
    void reportedAgainChangesNothing() {
      fixture
          .given(QUEUED, new QueuedSuggestionMessagePosted(GUILD, QID, CHANNEL, MESSAGE))
          .when(new RecordQueuedSuggestionMessage(GUILD, QID, CHANNEL, MESSAGE))
          .expectNoEvents()
          .expectResultMessagePayload(Outcome.accepted());
    }

    @Test
    void mustCarryDiscordIds() {
      fixture
          .given(QUEUED)
          .when(new RecordQueuedSuggestionMessage(GUILD, QID, CHANNEL, "not-an-id"))
          .expectNoEvents()
          .expectResultMessagePayload(
              Outcome.refused(
                  ErrorCode.INVALID_COMMAND, "Channel, message and thread ids are Discord ids."));
    }
  }

  private void refused(Object command, Outcome refusal, Object... given) {
    fixture
        .given(given)
        .when(command, as(STAFF))
        .expectNoEvents()
        .expectResultMessagePayload(refusal);
    assertThat(published).isEmpty();
  }

  private static Map<String, ?> as(Actor actor) {
    return MetaData.with(GuildConfig.ACTOR, actor).and("commandId", COMMAND_ID);
  }
}
