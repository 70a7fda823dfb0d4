package gg.suggestions.command.suggestion;

import gg.suggestions.command.guildconfig.GuildConfig;
import gg.suggestions.command.guildconfig.SubmissionRules;
import gg.suggestions.command.outcome.Outcome;
import gg.suggestions.eventstore.contract.Actor;
import gg.suggestions.eventstore.contract.ErrorCode;
import gg.suggestions.eventstore.contract.suggestion.QueueKey;
import gg.suggestions.eventstore.contract.suggestion.QueueMode;
import gg.suggestions.eventstore.contract.suggestion.SubmitSuggestion;
import gg.suggestions.eventstore.contract.suggestion.SuggestionImage;
import gg.suggestions.eventstore.contract.suggestion.SuggestionKey;
import gg.suggestions.eventstore.contract.suggestion.SuggestionQueued;
import gg.suggestions.eventstore.contract.suggestion.SuggestionSubmitted;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.axonframework.eventsourcing.EventSourcingRepository;
import org.axonframework.messaging.MetaData;
import org.axonframework.modelling.command.Repository;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class SubmissionsTest {

  private static final String GUILD = "601219766258106399";
  private static final String COMMAND_ID = "1187654321098765432";
  private static final Actor AUTHOR = new Actor("10", 0, List.of());

  private final Set<String> usedKeys = new HashSet<>();
  private SubmissionRules rules = new SubmissionRules(true, false, true, Set.of());
  private FixtureConfiguration<Suggestion> fixture;
  private Outcome admission = Outcome.accepted();

  @BeforeEach
  void setUp() {
    fixture = new AggregateTestFixture<>(Suggestion.class);
    fixture.registerAnnotatedCommandHandler(
        submissions(
            Publication.into(fixture.getRepository()),
            EventSourcingRepository.builder(QueuedSuggestion.class)
                .eventStore(fixture.getEventStore())
                .build()));
  }

  private Submissions submissions(Publication publication, Repository<QueuedSuggestion> queue) {
    return new Submissions(
        guild -> rules,
        publication,
        queue,
        usedKeys::contains,
        (guild, author, sid, at) -> admission,
        Clock.fixed(Instant.parse("2026-06-01T12:00:00Z"), ZoneOffset.UTC));
  }

  @Test
  void aSubmissionBecomesAPendingSuggestionWithAnSidFromItsCommand() {
    String sid = ShortIds.candidate(COMMAND_ID, 0);

    fixture
        .givenNoPriorActivity()
        .when(
            new SubmitSuggestion(GUILD, "  Add a #memes channel\\nwith slow mode ", null, false),
            by())
        .expectEvents(
            new SuggestionSubmitted(
                GUILD, sid, AUTHOR.userId(), "Add a #memes channel\nwith slow mode", null, false))
        .expectResultMessagePayload(Outcome.accepted(Map.of(Submissions.SUGGESTION_ID, sid)));
  }

  @Test
  void aTakenSidGivesWayToTheNextCandidate() {
    usedKeys.add(SuggestionKey.of(GUILD, ShortIds.candidate(COMMAND_ID, 0)));
    String next = ShortIds.candidate(COMMAND_ID, 1);

    fixture
        .givenNoPriorActivity()
        .when(new SubmitSuggestion(GUILD, "Idea", null, false), by())
        .expectEvents(new SuggestionSubmitted(GUILD, next, AUTHOR.userId(), "Idea", null, false));
  }

  @Test
  void anonymousWhenTheGuildAllowsIt() {
    rules = new SubmissionRules(true, true, true, Set.of());

    fixture
        .givenNoPriorActivity()
        .when(new SubmitSuggestion(GUILD, "Idea", null, true), by())
        .expectEvents(
            new SuggestionSubmitted(
                GUILD, ShortIds.candidate(COMMAND_ID, 0), AUTHOR.userId(), "Idea", null, true));
  }

  @Test
  void anImageWhereImagesAreAllowed() {
    var image =
        new SuggestionImage("https://cdn.discordapp.com/a/b/Mockup.PNG", "Mockup.PNG", 1_000);

    fixture
        .givenNoPriorActivity()
        .when(new SubmitSuggestion(GUILD, "Idea", image, false), by())
        .expectEvents(
            new SuggestionSubmitted(
                GUILD, ShortIds.candidate(COMMAND_ID, 0), AUTHOR.userId(), "Idea", image, false));
  }

  @Test
  void aTakenQueueIdIsNeverGivenToASuggestion() {
    usedKeys.add(QueueKey.of(GUILD, ShortIds.candidate(COMMAND_ID, 0)));

    fixture
        .givenNoPriorActivity()
        .when(new SubmitSuggestion(GUILD, "Idea", null, false), by())
        .expectEvents(
            new SuggestionSubmitted(
                GUILD, ShortIds.candidate(COMMAND_ID, 1), AUTHOR.userId(), "Idea", null, false));
  }

  /** Where the guild queues suggestions, a submission waits for review instead. */
  @Nested
  class Queueing {

    private FixtureConfiguration<QueuedSuggestion> queue;

    @BeforeEach
    void setUp() {
      queue = new AggregateTestFixture<>(QueuedSuggestion.class);
      queue.registerAnnotatedCommandHandler(
          submissions(
              (submitted, note) -> {
                throw new AssertionError("A queued submission is not published");
              },
              queue.getRepository()));
    }

    @Test
    void inTheVirtualQueue() {
      rules = new SubmissionRules(true, true, true, Set.of(), QueueMode.VIRTUAL, false);
      String id = ShortIds.candidate(COMMAND_ID, 0);
      var image = image("mockup.png", 1_000);

      queue
          .givenNoPriorActivity()
          .when(new SubmitSuggestion(GUILD, " Idea ", image, true), by())
          .expectEvents(
              new SuggestionQueued(
                  GUILD, id, AUTHOR.userId(), "Idea", image, true, QueueMode.VIRTUAL))
          .expectResultMessagePayload(Outcome.accepted(Map.of(Submissions.QUEUE_ID, id)));
    }

    @Test
    void inTheQueueChannel() {
      rules = new SubmissionRules(true, false, true, Set.of(), QueueMode.CHANNEL, true);

      queue
          .givenNoPriorActivity()
          .when(new SubmitSuggestion(GUILD, "Idea", null, false), by())
          .expectEvents(
              new SuggestionQueued(
                  GUILD,
                  ShortIds.candidate(COMMAND_ID, 0),
                  AUTHOR.userId(),
                  "Idea",
                  null,
                  false,
                  QueueMode.CHANNEL));
    }

    @Test
    void aChannelQueueWithoutItsChannelRefuses() {
      rules = new SubmissionRules(true, false, true, Set.of(), QueueMode.CHANNEL, false);

      queue
          .givenNoPriorActivity()
          .when(new SubmitSuggestion(GUILD, "Idea", null, false), by())
          .expectNoEvents()
          .expectResultMessagePayload(Outcome.refused(ErrorCode.NO_QUEUE_CHANNEL, null));
    }

    @Test
    void theSameRulesHoldBeforeTheQueue() {
      rules =
          new SubmissionRules(true, false, true, Set.of(AUTHOR.userId()), QueueMode.VIRTUAL, false);

      queue
          .givenNoPriorActivity()
          .when(new SubmitSuggestion(GUILD, "Idea", null, false), by())
          .expectNoEvents()
          .expectResultMessagePayload(Outcome.refused(ErrorCode.BLOCKLISTED, null));
    }

    @Test
    void theSuggestionLimitCountsQueuedSubmissions() {
      rules = new SubmissionRules(true, false, true, Set.of(), QueueMode.VIRTUAL, false);
      admission = Outcome.refused(ErrorCode.ON_COOLDOWN, "Try again in 3 seconds.");

      queue
          .givenNoPriorActivity()
          .when(new SubmitSuggestion(GUILD, "Idea", null, false), by())
          .expectNoEvents()
          .expectResultMessagePayload(admission);
    }
  }

  @Nested
  class Refusals {

    @Test
    void aMemberOverTheGuildsSuggestionLimit() {
      admission = Outcome.refused(ErrorCode.ON_COOLDOWN, "Try again in 2 seconds.");

      refused(
          new SubmitSuggestion(GUILD, "Idea", null, false),
          ErrorCode.ON_COOLDOWN,
          "Try again in 2 seconds.");
    }

    @Test
    void aBlocklistedAuthor() {
      rules = new SubmissionRules(true, false, true, Set.of(AUTHOR.userId()));

      refused(new SubmitSuggestion(GUILD, "Idea", null, false), ErrorCode.BLOCKLISTED, null);
    }

    @Test
    void anImageWhereImagesAreDisabled() {
      rules = new SubmissionRules(true, false, false, Set.of());

      refused(
          new SubmitSuggestion(GUILD, "Idea", image("a.png", 1_000), false),
          ErrorCode.IMAGES_DISABLED,
          null);
    }

    @Test
    void anImageOf25MiBOrMore() {
      refused(
          new SubmitSuggestion(GUILD, "Idea", image("a.png", 25L * 1024 * 1024), false),
          ErrorCode.IMAGE_TOO_LARGE,
          "It has 25.0 MiB.");
    }

    @Test
    void aFileThatIsNotAnImage() {
      refused(
          new SubmitSuggestion(GUILD, "Idea", image("notes.pdf", 1_000), false),
          ErrorCode.IMAGE_WRONG_TYPE,
          null);
    }

    @Test
    void anEmptyText() {
      refused(new SubmitSuggestion(GUILD, "   ", null, false), ErrorCode.SUGGESTION_EMPTY, null);
    }

    @Test
    void aTextOver1000Characters() {
      refused(
          new SubmitSuggestion(GUILD, "x".repeat(1001), null, false),
          ErrorCode.SUGGESTION_TOO_LONG,
          "It has 1001 characters.");
    }

    @Test
    void aGuildWithoutSuggestionsChannel() {
      rules = SubmissionRules.UNCONFIGURED;

      refused(
          new SubmitSuggestion(GUILD, "Idea", null, false), ErrorCode.NO_SUGGESTIONS_CHANNEL, null);
    }

    @Test
    void anonymityWhereTheGuildDoesNotAllowIt() {
      refused(new SubmitSuggestion(GUILD, "Idea", null, true), ErrorCode.ANONYMITY_DISABLED, null);
    }

    private void refused(SubmitSuggestion command, ErrorCode code, String detail) {
      fixture
          .givenNoPriorActivity()
          .when(command, by())
          .expectNoEvents()
          .expectResultMessagePayload(Outcome.refused(code, detail));
    }
  }

  private static SuggestionImage image(String fileName, long size) {
    return new SuggestionImage("https://cdn.discordapp.com/a/b/" + fileName, fileName, size);
  }

  private static Map<String, ?> by() {
    return MetaData.with(GuildConfig.ACTOR, AUTHOR).and("commandId", COMMAND_ID);
  }
}
