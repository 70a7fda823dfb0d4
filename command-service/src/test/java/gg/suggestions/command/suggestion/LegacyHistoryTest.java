package gg.suggestions.command.suggestion;

import static org.assertj.core.api.Assertions.assertThat;

import gg.suggestions.command.guildconfig.GuildConfig;
import gg.suggestions.command.outcome.Outcome;
import gg.suggestions.eventstore.contract.Actor;
import gg.suggestions.eventstore.contract.ErrorCode;
import gg.suggestions.eventstore.contract.guildconfig.GuildChannel;
import gg.suggestions.eventstore.contract.guildconfig.GuildChannelSet;
import gg.suggestions.eventstore.contract.guildconfig.GuildToggle;
import gg.suggestions.eventstore.contract.guildconfig.GuildToggleSet;
import gg.suggestions.eventstore.contract.guildconfig.MemberBlocked;
import gg.suggestions.eventstore.contract.guildconfig.SetGuildToggle;
import gg.suggestions.eventstore.contract.legacy.ImportLegacyGuild;
import gg.suggestions.eventstore.contract.legacy.ImportLegacyGuild.LegacyInteraction;
import gg.suggestions.eventstore.contract.legacy.ImportLegacyGuild.LegacySuggestion;
import gg.suggestions.eventstore.contract.legacy.ImportLegacyMembers;
import gg.suggestions.eventstore.contract.legacy.ImportLegacyMembers.LegacyMember;
import gg.suggestions.eventstore.contract.legacy.ImportLegacyVotes;
import gg.suggestions.eventstore.contract.legacy.LegacyGuildImported;
import gg.suggestions.eventstore.contract.legacy.LegacyImports;
import gg.suggestions.eventstore.contract.legacy.QueuedSuggestionImported;
import gg.suggestions.eventstore.contract.legacy.SuggestionImported;
import gg.suggestions.eventstore.contract.suggestion.SuggestionKey;
import gg.suggestions.eventstore.contract.suggestion.SuggestionSubmitted;
import gg.suggestions.eventstore.contract.suggestion.VoteCast;
import gg.suggestions.eventstore.contract.suggestion.VoteDirection;
import gg.suggestions.eventstore.contract.suggestion.VoteOnSuggestion;
import gg.suggestions.eventstore.contract.userconfig.UserKey;
import gg.suggestions.eventstore.envelope.CommandEnvelope;
import gg.suggestions.eventstore.envelope.InteractionEnvelope;
import gg.suggestions.eventstore.topic.SuggestionTopics;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.assertj.core.groups.Tuple;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.eventsourcing.EventSourcingRepository;
import org.axonframework.messaging.MetaData;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class LegacyHistoryTest {

  private static final String GUILD = "601219766258106399";
  private static final String CHANNEL = "701219766258106399";
  private static final String AUTHOR = "323456789012345678";
  private static final String MODERATOR = "423456789012345678";
  private static final String VOTER = "523456789012345678";
  private static final String OTHER_VOTER = "623456789012345678";
  private static final Actor OPERATOR = new Actor("223456789012345678", Actor.ADMINISTRATOR, null);
  private static final Instant CREATED = Instant.parse("2023-03-14T09:26:53Z");

  /** The items of a guild the fixture sees opened, or refused as the guild's own. */
  @Nested
  class Items {

    private final Set<String> usedKeys = new HashSet<>();
    private final List<ImportLegacyGuild> opened = new ArrayList<>();
    private Outcome opening = Outcome.accepted(Map.of(LegacyImports.GUILD, "settings"));
    private final Map<String, Boolean> members = new HashMap<>();
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
              (command, operator) -> {
                opened.add(command);
                return opening;
              },
              member -> members.getOrDefault(member.userId(), true)));
    }

    @Test
    void aGuildsSuggestionsAndStatisticsComeInOneCommandWithTheButtonVotes() {
      SuggestionImported old = suggestion("a1b2c3d4", "approved");

      fixture
          .givenNoPriorActivity()
          .when(
              guild(
                  List.of(new LegacySuggestion(old, List.of(VOTER), List.of(OTHER_VOTER))),
                  List.of(),
                  List.of(new LegacyInteraction(VOTER, "suggest", null, true, CREATED))),
              as(OPERATOR))
          .expectEvents(
              old,
              new VoteCast(GUILD, "a1b2c3d4", VOTER, VoteDirection.UP),
              new VoteCast(GUILD, "a1b2c3d4", OTHER_VOTER, VoteDirection.DOWN))
          .expectResultMessagePayload(tally(2, ""));
      assertThat(opened).singleElement().extracting(ImportLegacyGuild::guildId).isEqualTo(GUILD);
    }

    @Test
    void queueItemsKeepTheirIdsEvenObjectIds() {
      QueuedSuggestionImported item = queued("64b7f0c2e4b0a1b2c3d4e5f6");

      fixture
          .givenNoPriorActivity()
          .when(guild(List.of(), List.of(item), List.of()), as(OPERATOR))
          .expectEvents(item)
          .expectResultMessagePayload(tally(1, ""));
    }

    @Test
    void aGuildWhoseOpeningIsRefusedTakesNothing() {
      opening = Outcome.refused(ErrorCode.INVALID_COMMAND, "history here");

      fixture
          .givenNoPriorActivity()
          .when(onePending("a1b2c3d4"), as(OPERATOR))
          .expectNoEvents()
          .expectResultMessagePayload(opening);
    }

    @Test
    void anImportedPendingSuggestionTakesVotesHereLikeAnyOther() {
      fixture
          .given(
              suggestion("a1b2c3d4", "pending"),
              new VoteCast(GUILD, "a1b2c3d4", VOTER, VoteDirection.UP))
          .when(
              new VoteOnSuggestion(GUILD, "a1b2c3d4", VoteDirection.DOWN),
              as(new Actor(VOTER, 0, null)))
          .expectResultMessagePayload(Outcome.accepted(Map.of(Suggestion.VOTE, "switched")));
    }

    @Test
    void aTakenSidIsPresentWhenImportedBeforeAndAConflictWhenItIsTheGuildsOwn() {
      usedKeys.add(SuggestionKey.of(GUILD, "a1b2c3d4"));
      var again = onePending("a1b2c3d4");
      fixture
          .given(suggestion("a1b2c3d4", "pending"))
          .when(again, as(OPERATOR))
          .expectNoEvents()
          .expectResultMessagePayload(
              Outcome.accepted(
                  Map.of(
                      LegacyImports.GUILD,
                      "settings",
                      LegacyImports.IMPORTED,
                      "0",
                      LegacyImports.PRESENT,
                      "1",
                      LegacyImports.PRESENT + ".suggestion",
                      "1",
                      LegacyImports.CONFLICTS,
                      "")));

      fixture
          .given(new SuggestionSubmitted(GUILD, "a1b2c3d4", AUTHOR, "Native", null, false))
          .when(again, as(OPERATOR))
          .expectNoEvents()
          .expectResultMessagePayload(
              tally(0, "suggestion a1b2c3d4: its id is taken by the guild's own history"));
    }

    @Test
    void badItemsAreRefusedAloneAndTheRestIsWritten() {
      SuggestionImported good = suggestion("a1b2c3d4", "rejected");
      SuggestionImported otherGuild =
          withGuild(suggestion("c1b2c3d4", "pending"), "701219766258106399");

      fixture
          .givenNoPriorActivity()
          .when(
              guild(
                  List.of(
                      new LegacySuggestion(suggestion("b1b2c3d4", "lost"), List.of(), List.of()),
                      new LegacySuggestion(good, List.of(), List.of()),
                      new LegacySuggestion(otherGuild, List.of(), List.of()),
                      new LegacySuggestion(
                          suggestion("d1b2c3d4", "pending"), List.of("not-an-id"), List.of())),
                  List.of(),
                  List.of(
                      new LegacyInteraction(VOTER, "suggest", null, true, null),
                      new LegacyInteraction(VOTER, "suggest", "<script>", true, CREATED))),
              as(OPERATOR))
          .expectEvents(good)
          .expectResultMessagePayload(
              tally(
                  1,
                  "suggestion b1b2c3d4: no state of the old bot\n"
                      + "suggestion c1b2c3d4: of another guild\n"
                      + "suggestion d1b2c3d4: a voter is no Discord id\n"
                      + "interaction #0: no member or no time\n"
                      + "interaction #1: no locale"));
    }

    @Test
    void onlyAnOperatorImportsAndOutsideAGuildOnlyStatistics() {
      var someItems = onePending("a1b2c3d4");
      fixture
          .givenNoPriorActivity()
          .when(someItems, as(new Actor(VOTER, 0, List.of("999219766258106399"))))
          .expectNoEvents()
          .expectResultMessagePayload(Outcome.refused(ErrorCode.NOT_A_MODERATOR, null));

      fixture
          .givenNoPriorActivity()
          .when(
              new ImportLegacyGuild(
                  null, false, null, null, null, someItems.suggestions(), null, null),
              as(OPERATOR))
          .expectNoEvents()
          .expectResultMessagePayload(
              Outcome.refused(
                  ErrorCode.INVALID_COMMAND, "Outside a guild only statistics are imported."));

      fixture
          .givenNoPriorActivity()
          .when(
              new ImportLegacyGuild(
                  null,
                  false,
                  null,
                  null,
                  null,
                  null,
                  null,
                  List.of(new LegacyInteraction(VOTER, "LegacyCommand", "da", true, CREATED))),
              as(OPERATOR))
          .expectNoEvents()
          .expectResultMessagePayload(
              Outcome.accepted(
                  Map.of(
                      LegacyImports.IMPORTED,
                      "1",
                      LegacyImports.PRESENT,
                      "0",
                      LegacyImports.CONFLICTS,
                      "")));
      assertThat(opened).as("no guild to open").isEmpty();
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
    void membersComeInOnlyOnTheirActorsPartitionAndKeepTheirOwnSettings() {
      String first = "100000000000000001";
      int partition = SuggestionTopics.partitionOf(UserKey.of(first));
      List<String> same = new ArrayList<>();
      String other = null;
      for (long id = 100_000_000_000_000_002L; same.size() < 2 || other == null; id++) {
        String candidate = Long.toString(id);
        if (SuggestionTopics.partitionOf(UserKey.of(candidate)) == partition) {
          same.add(candidate);
        } else if (other == null) {
          other = candidate;
        }
      }
      members.put(same.get(1), false); // has settings here already
      fixture
          .givenNoPriorActivity()
          .when(
              new ImportLegacyMembers(
                  List.of(
                      new LegacyMember(first, false, true),
                      new LegacyMember(same.get(0), true, false),
                      new LegacyMember(same.get(1), false, false),
                      new LegacyMember(other, false, true),
                      new LegacyMember("me", false, true))),
              as(new Actor(first, Actor.ADMINISTRATOR, null)))
          .expectResultMessagePayload(
              Outcome.accepted(
                  Map.of(
                      LegacyImports.IMPORTED,
                      "2",
                      LegacyImports.PRESENT,
                      "1",
                      LegacyImports.PRESENT + ".member",
                      "1",
                      LegacyImports.CONFLICTS,
                      "member "
                          + other
                          + ": not on the partition of the command's actor\n"
                          + "member me: no Discord id")));
    }

    /**
     * Seeded hostile items: whatever a command carries, the handler answers with an outcome in
     * which every item is either written or named as a conflict, and writes events only for good
     * ones.
     */
    @Test
    void everyHostileItemIsWrittenOrNamedNeverThrown() {
      var random = new java.util.SplittableRandom(21);
      List<String> junk =
          List.of(
              "", " ", "x".repeat(5_000), "a\u0000b", "\ud800", "-1", "1".repeat(25), "<b>", "é");
      for (int round = 0; round < 300; round++) {
        setUp(); // A fixture holds one aggregate's story.
        String sid = String.format("%08x", round);
        String[] fields = {
          GUILD, sid, AUTHOR, "Idea " + round, "pending", MODERATOR, "Done", CHANNEL, VOTER
        };
        for (int m = random.nextInt(3); m > 0; m--) {
          int at = random.nextInt(fields.length);
          fields[at] = random.nextInt(4) == 0 ? null : junk.get(random.nextInt(junk.size()));
        }
        var item =
            new SuggestionImported(
                fields[0],
                fields[1],
                fields[2],
                fields[3],
                null,
                false,
                random.nextInt(10) == 0 ? null : CREATED,
                fields[4],
                fields[5],
                fields[6],
                false,
                null,
                null,
                null,
                fields[7],
                null,
                null,
                random.nextInt(10) == 0 ? -1 : 0,
                0);
        List<LegacyInteraction> interactions = new ArrayList<>();
        for (int i = random.nextInt(4); i > 0; i--) {
          interactions.add(
              new LegacyInteraction(
                  random.nextBoolean() ? VOTER : junk.get(random.nextInt(junk.size())),
                  random.nextBoolean() ? "suggest" : junk.get(random.nextInt(junk.size())),
                  random.nextBoolean() ? null : junk.get(random.nextInt(junk.size())),
                  random.nextBoolean(),
                  random.nextInt(5) == 0 ? null : CREATED));
        }
        List<String> voters =
            random.nextInt(5) == 0
                ? List.of(junk.get(random.nextInt(junk.size())))
                : List.of(VOTER);
        var result =
            fixture
                .givenNoPriorActivity()
                .when(
                    guild(
                        List.of(new LegacySuggestion(item, voters, List.of())),
                        List.of(),
                        interactions),
                    as(OPERATOR))
                .expectSuccessfulHandlerExecution();
        Object[] answer = new Object[1];
        result.expectResultMessagePayloadMatching(
            org.axonframework.test.matchers.Matchers.predicate(
                payload -> {
                  answer[0] = payload;
                  return true;
                }));
        Outcome outcome = (Outcome) answer[0];
        assertThat(outcome).as("round %d", round).isInstanceOf(Outcome.Accepted.class);
        Map<String, String> figures = ((Outcome.Accepted) outcome).result();
        String conflicts = figures.get(LegacyImports.CONFLICTS);
        int named = conflicts.isEmpty() ? 0 : conflicts.split("\n").length;
        assertThat(Integer.parseInt(figures.get(LegacyImports.IMPORTED)) + named)
            .as("round %d: %s", round, figures)
            .isEqualTo(1 + interactions.size());
        boolean written = !conflicts.contains("suggestion ");
        result.expectEvents(
            written
                ? new Object[] {item, new VoteCast(GUILD, sid, voters.get(0), VoteDirection.UP)}
                : new Object[0]);
      }
    }

    private Outcome tally(int imported, String conflicts) {
      return Outcome.accepted(
          Map.of(
              LegacyImports.GUILD,
              "settings",
              LegacyImports.IMPORTED,
              Integer.toString(imported),
              LegacyImports.PRESENT,
              "0",
              LegacyImports.CONFLICTS,
              conflicts));
    }
  }

  /** Opening a guild, against the guild's real configuration. */
  @Nested
  class Opening {

    private static final String BLOCKED = "523456789012345678";
    private FixtureConfiguration<GuildConfig> fixture;

    @BeforeEach
    void setUp() {
      fixture = new AggregateTestFixture<>(GuildConfig.class);
      fixture.registerAnnotatedCommandHandler(
          new LegacyHistory(
              EventSourcingRepository.builder(Suggestion.class)
                  .eventStore(fixture.getEventStore())
                  .build(),
              EventSourcingRepository.builder(QueuedSuggestion.class)
                  .eventStore(fixture.getEventStore())
                  .build(),
              key -> false,
              (command, operator) ->
                  fixture
                      .getRepository()
                      .loadOrCreate(command.guildId(), GuildConfig::unconfigured)
                      .invoke(config -> config.openForImport(command, operator)),
              member -> true));
    }

    private ImportLegacyGuild settings(boolean merge, String... blocked) {
      Map<GuildToggle, Boolean> toggles = new EnumMap<>(GuildToggle.class);
      toggles.put(GuildToggle.KEEP_LOGS, true); // not the default here
      toggles.put(GuildToggle.THREADS_FOR_SUGGESTIONS, true); // the default: nothing to write
      return new ImportLegacyGuild(
          GUILD,
          merge,
          Map.of(GuildChannel.SUGGESTIONS, CHANNEL),
          toggles,
          List.of(blocked),
          null,
          null,
          null);
    }

    @Test
    void aGuildNewHereGetsTheOldSettingsThatDifferFromTheDefaultsOnce() {
      fixture
          .givenNoPriorActivity()
          .when(settings(false, BLOCKED), as(OPERATOR))
          .expectEvents(
              new LegacyGuildImported(GUILD, false),
              new GuildChannelSet(GUILD, GuildChannel.SUGGESTIONS, CHANNEL),
              new GuildToggleSet(GUILD, GuildToggle.KEEP_LOGS, true),
              new MemberBlocked(GUILD, BLOCKED, OPERATOR.userId()))
          .expectResultMessagePayload(opened("settings"));
    }

    @Test
    void aGuildWithHistoryHereIsRefusedUnlessMergedAndThenKeepsItsOwnSettings() {
      var native_ =
          GenericCommandMessage.asCommandMessage(
                  new SetGuildToggle(GUILD, GuildToggle.KEEP_LOGS, false))
              .andMetaData(as(OPERATOR));
      // Given by a command: the fixture keeps given events apart from loaded aggregates.
      fixture
          .givenCommands(List.of(native_))
          .when(settings(false, BLOCKED), as(OPERATOR))
          .expectNoEvents()
          .expectResultMessagePayload(
              Outcome.refused(
                  ErrorCode.INVALID_COMMAND,
                  "The guild already has history here; import it with --merge to keep its own"
                      + " settings and add the old bot's data beside them."));
    }

    private Outcome opened(String how) {
      return Outcome.accepted(
          Map.of(
              LegacyImports.GUILD,
              how,
              LegacyImports.IMPORTED,
              "0",
              LegacyImports.PRESENT,
              "0",
              LegacyImports.CONFLICTS,
              ""));
    }
  }

  @Test
  void statisticsBecomeInteractionsAtTheirOriginalTimesAndBadOnesAreLeftOut() {
    var payload =
        new ImportLegacyGuild(
            GUILD,
            false,
            null,
            null,
            null,
            null,
            null,
            List.of(
                new LegacyInteraction(VOTER, "suggest", null, true, CREATED),
                new LegacyInteraction(VOTER, "suggest", null, true, null),
                new LegacyInteraction(VOTER, "approve", null, false, CREATED.plusSeconds(5)),
                new LegacyInteraction(VOTER, LegacyImports.LOCALE_ONLY, "da", true, CREATED)));
    var envelope =
        new CommandEnvelope(
            CommandEnvelope.SCHEMA,
            LegacyImports.COMMAND_ID_PREFIX + "abc",
            "ImportLegacyGuild",
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
            Tuple.tuple("legacy-import:abc:0", "suggest", "accepted", null, CREATED),
            Tuple.tuple("legacy-import:abc:2", "approve", "failed", null, CREATED.plusSeconds(5)),
            Tuple.tuple(
                "legacy-import:abc:3", LegacyImports.LOCALE_ONLY, "accepted", "da", CREATED));
    assertThat(records).allMatch(r -> LegacyImports.isImported(r.commandId()));
    assertThat(records).allMatch(r -> GUILD.equals(r.guildId()) && VOTER.equals(r.actorId()));
  }

  private static ImportLegacyGuild guild(
      List<LegacySuggestion> suggestions,
      List<QueuedSuggestionImported> queue,
      List<LegacyInteraction> interactions) {
    return new ImportLegacyGuild(GUILD, false, null, null, null, suggestions, queue, interactions);
  }

  /** A guild's command with one pending suggestion and nothing else. */
  private static ImportLegacyGuild onePending(String sid) {
    return guild(
        List.of(new LegacySuggestion(suggestion(sid, "pending"), List.of(), List.of())),
        List.of(),
        List.of());
  }

  private static QueuedSuggestionImported queued(String id) {
    return new QueuedSuggestionImported(
        GUILD,
        id,
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
        s.resolverId(),
        s.response(),
        s.anonymousResolution(),
        s.resolvedAt(),
        s.noteAuthorId(),
        s.note(),
        s.channelId(),
        s.messageId(),
        s.threadId(),
        s.reactionUpVotes(),
        s.reactionDownVotes());
  }

  private static Map<String, ?> as(Actor actor) {
    return MetaData.with(GuildConfig.ACTOR, actor);
  }
}
