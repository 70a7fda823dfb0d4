package gg.suggestions.command.suggestion;

import static org.assertj.core.api.Assertions.assertThat;

import gg.suggestions.command.guildconfig.GuildConfig;
import gg.suggestions.command.outcome.Outcome;
import gg.suggestions.eventstore.contract.Actor;
import gg.suggestions.eventstore.contract.ErrorCode;
import gg.suggestions.eventstore.contract.legacy.ImportLegacyInteractions;
import gg.suggestions.eventstore.contract.legacy.ImportLegacyInteractions.LegacyInteraction;
import gg.suggestions.eventstore.contract.legacy.ImportLegacyQueue;
import gg.suggestions.eventstore.contract.legacy.ImportLegacySuggestions;
import gg.suggestions.eventstore.contract.legacy.ImportLegacySuggestions.LegacySuggestion;
import gg.suggestions.eventstore.contract.legacy.ImportLegacyVotes;
import gg.suggestions.eventstore.contract.legacy.LegacyImports;
import gg.suggestions.eventstore.contract.legacy.QueuedSuggestionImported;
import gg.suggestions.eventstore.contract.legacy.SuggestionImported;
import gg.suggestions.eventstore.contract.suggestion.SuggestionKey;
import gg.suggestions.eventstore.contract.suggestion.SuggestionSubmitted;
import gg.suggestions.eventstore.contract.suggestion.VoteCast;
import gg.suggestions.eventstore.contract.suggestion.VoteDirection;
import gg.suggestions.eventstore.contract.suggestion.VoteOnSuggestion;
import gg.suggestions.eventstore.envelope.CommandEnvelope;
import gg.suggestions.eventstore.envelope.InteractionEnvelope;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.axonframework.eventsourcing.EventSourcingRepository;
import org.axonframework.messaging.MetaData;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class LegacyHistoryTest {

  private static final String GUILD = "601219766258106399";
  private static final String AUTHOR = "323456789012345678";
  private static final String MODERATOR = "423456789012345678";
  private static final String VOTER = "523456789012345678";
  private static final String OTHER_VOTER = "623456789012345678";
  private static final Actor OPERATOR = new Actor("223456789012345678", Actor.ADMINISTRATOR, null);
  private static final Instant CREATED = Instant.parse("2023-03-14T09:26:53Z");

  private final Set<String> usedKeys = new HashSet<>();
  private final Set<String> openedGuilds = new HashSet<>(Set.of(GUILD));
  private FixtureConfiguration<Suggestion> fixture;

  @BeforeEach
  void setUp() {
    fixture = new AggregateTestFixture<>(Suggestion.class);
    fixture.registerAnnotatedCommandHandler(
        new LegacyHistory(
            fixture.getRepository(),
            EventSourcingRepository.builder(QueuedSuggestion.class)
                .eventStore(fixture.getEventStore())
                .build(),
            usedKeys::contains,
            openedGuilds::contains));
  }

  @Test
  void anOldSuggestionIsWrittenWithItsStateAndThenItsButtonVotes() {
    SuggestionImported old = suggestion("a1b2c3d4", "approved");

    fixture
        .givenNoPriorActivity()
        .when(
            new ImportLegacySuggestions(
                GUILD, List.of(new LegacySuggestion(old, List.of(VOTER), List.of(OTHER_VOTER)))),
            as(OPERATOR))
        .expectEvents(
            old,
            new VoteCast(GUILD, "a1b2c3d4", VOTER, VoteDirection.UP),
            new VoteCast(GUILD, "a1b2c3d4", OTHER_VOTER, VoteDirection.DOWN))
        .expectResultMessagePayload(tally(1, 0, ""));
  }

  @Test
  void anImportedPendingSuggestionTakesVotesHereLikeAnyOther() {
    SuggestionImported old = suggestion("a1b2c3d4", "pending");

    fixture
        .given(old, new VoteCast(GUILD, "a1b2c3d4", VOTER, VoteDirection.UP))
        .when(
            new VoteOnSuggestion(GUILD, "a1b2c3d4", VoteDirection.DOWN),
            as(new Actor(VOTER, 0, null)))
        .expectSuccessfulHandlerExecution()
        .expectResultMessagePayload(Outcome.accepted(Map.of(Suggestion.VOTE, "switched")));
  }

  @Test
  void aTakenSidIsPresentWhenImportedBeforeAndAConflictWhenItIsTheGuildsOwn() {
    usedKeys.add(SuggestionKey.of(GUILD, "a1b2c3d4"));
    fixture
        .given(suggestion("a1b2c3d4", "pending"))
        .when(
            new ImportLegacySuggestions(
                GUILD,
                List.of(
                    new LegacySuggestion(suggestion("a1b2c3d4", "pending"), List.of(), List.of()))),
            as(OPERATOR))
        .expectNoEvents()
        .expectResultMessagePayload(tally(0, 1, ""));

    fixture
        .given(new SuggestionSubmitted(GUILD, "a1b2c3d4", AUTHOR, "Native", null, false))
        .when(
            new ImportLegacySuggestions(
                GUILD,
                List.of(
                    new LegacySuggestion(suggestion("a1b2c3d4", "pending"), List.of(), List.of()))),
            as(OPERATOR))
        .expectNoEvents()
        .expectResultMessagePayload(
            tally(0, 0, "a1b2c3d4: its id is taken by the guild's own history"));
  }

  @Test
  void badItemsAreRefusedAloneAndTheRestOfTheChunkIsWritten() {
    SuggestionImported good = suggestion("a1b2c3d4", "rejected");
    SuggestionImported badState = suggestion("b1b2c3d4", "lost");
    SuggestionImported otherGuild =
        withGuild(suggestion("c1b2c3d4", "pending"), "701219766258106399");

    fixture
        .givenNoPriorActivity()
        .when(
            new ImportLegacySuggestions(
                GUILD,
                List.of(
                    new LegacySuggestion(badState, List.of(), List.of()),
                    new LegacySuggestion(good, List.of(), List.of()),
                    new LegacySuggestion(otherGuild, List.of(), List.of()),
                    new LegacySuggestion(
                        suggestion("d1b2c3d4", "pending"), List.of("not-an-id"), List.of()))),
            as(OPERATOR))
        .expectEvents(good)
        .expectResultMessagePayload(
            tally(
                1,
                0,
                "b1b2c3d4: no state of the old bot\n"
                    + "c1b2c3d4: of another guild\n"
                    + "d1b2c3d4: a voter is no Discord id"));
  }

  @Test
  void onlyAnOperatorImportsAndOnlyIntoAGuildOpenedForIt() {
    var command =
        new ImportLegacySuggestions(
            GUILD,
            List.of(new LegacySuggestion(suggestion("a1b2c3d4", "pending"), List.of(), List.of())));
    fixture
        .givenNoPriorActivity()
        .when(command, as(new Actor(VOTER, 0, List.of("999219766258106399"))))
        .expectNoEvents()
        .expectResultMessagePayload(Outcome.refused(ErrorCode.NOT_A_MODERATOR, null));

    openedGuilds.clear();
    fixture
        .givenNoPriorActivity()
        .when(command, as(OPERATOR))
        .expectNoEvents()
        .expectResultMessagePayload(
            Outcome.refused(
                ErrorCode.INVALID_COMMAND,
                "The guild was not opened for the import: send ImportLegacyGuild first."));
  }

  @Test
  void moreVotesGoOnlyToAnImportedSuggestionAndOnlyForMembersWithoutOne() {
    usedKeys.add(SuggestionKey.of(GUILD, "a1b2c3d4"));
    fixture
        .given(
            suggestion("a1b2c3d4", "pending"),
            new VoteCast(GUILD, "a1b2c3d4", VOTER, VoteDirection.UP))
        .when(
            new ImportLegacyVotes(GUILD, "a1b2c3d4", List.of(VOTER), List.of(OTHER_VOTER)),
            as(OPERATOR))
        .expectEvents(new VoteCast(GUILD, "a1b2c3d4", OTHER_VOTER, VoteDirection.DOWN))
        .expectResultMessagePayload(Outcome.accepted(Map.of(LegacyImports.IMPORTED, "1")));

    fixture
        .given(new SuggestionSubmitted(GUILD, "a1b2c3d4", AUTHOR, "Native", null, false))
        .when(new ImportLegacyVotes(GUILD, "a1b2c3d4", List.of(VOTER), List.of()), as(OPERATOR))
        .expectNoEvents()
        .expectResultMessagePayload(
            Outcome.refused(
                ErrorCode.INVALID_COMMAND, "Votes are imported only into imported suggestions."));
  }

  @Test
  void queueItemsKeepTheirIdsEvenObjectIds() {
    var item =
        new QueuedSuggestionImported(
            GUILD,
            "64b7f0c2e4b0a1b2c3d4e5f6",
            AUTHOR,
            "Weekly movie night",
            "https://cdn.discordapp.com/attachments/1/2/plan.png?ex=1",
            true,
            CREATED,
            "queued",
            null,
            null,
            null,
            null,
            null,
            null);
    fixture
        .givenNoPriorActivity()
        .when(new ImportLegacyQueue(GUILD, List.of(item)), as(OPERATOR))
        .expectEvents(item)
        .expectResultMessagePayload(tally(1, 0, ""));
  }

  @Test
  void statisticsBecomeInteractionsAtTheirOriginalTimesAndBadOnesAreLeftOut() {
    var good = new LegacyInteraction(VOTER, "suggest", null, true, CREATED);
    var failed = new LegacyInteraction(VOTER, "approve", null, false, CREATED.plusSeconds(5));
    var located = new LegacyInteraction(VOTER, LegacyImports.LOCALE_ONLY, "da", true, CREATED);
    var noTime = new LegacyInteraction(VOTER, "suggest", null, true, null);
    var badLocale = new LegacyInteraction(VOTER, "suggest", "<script>", true, CREATED);
    var payload =
        new ImportLegacyInteractions(GUILD, List.of(good, noTime, failed, badLocale, located));

    fixture
        .givenNoPriorActivity()
        .when(payload, as(OPERATOR))
        .expectNoEvents()
        .expectResultMessagePayload(tally(3, 0, "#1: no member or no time\n#3: no locale"));

    var envelope =
        new CommandEnvelope(
            CommandEnvelope.SCHEMA,
            LegacyImports.COMMAND_ID_PREFIX + "abc",
            "ImportLegacyInteractions",
            GUILD,
            null,
            OPERATOR,
            null,
            null,
            "ctl",
            null);
    List<InteractionEnvelope> records = LegacyHistory.interactionsOf(envelope, payload);
    assertThat(records)
        .extracting(
            InteractionEnvelope::commandId,
            InteractionEnvelope::type,
            InteractionEnvelope::outcome,
            InteractionEnvelope::locale,
            InteractionEnvelope::handledAt)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(
                "legacy-import:abc:0", "suggest", "accepted", null, CREATED),
            org.assertj.core.groups.Tuple.tuple(
                "legacy-import:abc:2", "approve", "failed", null, CREATED.plusSeconds(5)),
            org.assertj.core.groups.Tuple.tuple(
                "legacy-import:abc:4", LegacyImports.LOCALE_ONLY, "accepted", "da", CREATED));
    assertThat(records).allMatch(r -> LegacyImports.isImported(r.commandId()));
    assertThat(records).allMatch(r -> GUILD.equals(r.guildId()) && VOTER.equals(r.actorId()));
  }

  private static SuggestionImported suggestion(String sid, String state) {
    boolean resolved = !state.equals("pending");
    return new SuggestionImported(
        GUILD,
        sid,
        AUTHOR,
        "Add a #memes channel",
        null,
        false,
        CREATED,
        state,
        resolved ? MODERATOR : null,
        resolved ? "Done" : null,
        false,
        resolved ? CREATED.plusSeconds(3600) : null,
        null,
        null,
        "601219766258106400",
        "1085123456789012345",
        null,
        0,
        0);
  }

  private static SuggestionImported withGuild(SuggestionImported s, String guild) {
    return new SuggestionImported(
        guild,
        s.suggestionId(),
        s.authorId(),
        s.text(),
        s.imageUrl(),
        s.anonymous(),
        s.createdAt(),
        s.state(),
        s.resolvedBy(),
        s.response(),
        s.anonymousResolution(),
        s.resolvedAt(),
        s.noteBy(),
        s.note(),
        s.channelId(),
        s.messageId(),
        s.threadId(),
        s.reactionUpVotes(),
        s.reactionDownVotes());
  }

  private static Outcome tally(int imported, int present, String conflicts) {
    return Outcome.accepted(
        Map.of(
            LegacyImports.IMPORTED,
            Integer.toString(imported),
            LegacyImports.PRESENT,
            Integer.toString(present),
            LegacyImports.CONFLICTS,
            conflicts));
  }

  private static Map<String, ?> as(Actor actor) {
    return MetaData.with(GuildConfig.ACTOR, actor);
  }
}
