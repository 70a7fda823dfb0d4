package gg.suggestions.command.suggestion;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import gg.suggestions.command.loop.CommandLoopLifecycle;
import gg.suggestions.command.loop.CommandNode;
import gg.suggestions.eventstore.contract.Actor;
import gg.suggestions.eventstore.contract.ErrorCode;
import gg.suggestions.eventstore.contract.guildconfig.BlockMember;
import gg.suggestions.eventstore.contract.guildconfig.GuildChannel;
import gg.suggestions.eventstore.contract.guildconfig.GuildToggle;
import gg.suggestions.eventstore.contract.guildconfig.SetGuildChannel;
import gg.suggestions.eventstore.contract.guildconfig.SetGuildToggle;
import gg.suggestions.eventstore.contract.guildconfig.SetSuggestionLimit;
import gg.suggestions.eventstore.contract.suggestion.AddSuggestionNote;
import gg.suggestions.eventstore.contract.suggestion.ApproveSuggestion;
import gg.suggestions.eventstore.contract.suggestion.ClearSuggestion;
import gg.suggestions.eventstore.contract.suggestion.RejectSuggestion;
import gg.suggestions.eventstore.contract.suggestion.SubmitSuggestion;
import gg.suggestions.eventstore.contract.suggestion.SuggestionKey;
import gg.suggestions.eventstore.contract.suggestion.VoteDirection;
import gg.suggestions.eventstore.contract.suggestion.VoteOnSuggestion;
import gg.suggestions.eventstore.contract.userconfig.SetDirectMessages;
import gg.suggestions.eventstore.envelope.CommandCodec;
import gg.suggestions.eventstore.envelope.EnvelopeCodec;
import gg.suggestions.eventstore.envelope.EventEnvelope;
import gg.suggestions.eventstore.envelope.ReplyEnvelope;
import gg.suggestions.eventstore.request.CommandRequester;
import gg.suggestions.testing.KafkaTestCluster;
import gg.suggestions.testing.TestCommands;
import gg.suggestions.testing.TestPostgres;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Stories of a suggestion on a real broker and PostgreSQL, through the command topic and the loop,
 * as the gateway will send them.
 */
class SuggestionIT {

  @RegisterExtension static final TestPostgres postgres = new TestPostgres();

  private static final ObjectMapper JSON = EnvelopeCodec.defaultMapper();
  private static final Actor ADMIN = TestCommands.ADMIN;

  private static KafkaTestCluster cluster;
  private static CommandLoopLifecycle loop;
  private static CommandRequester requester;

  @BeforeAll
  static void start() {
    cluster = KafkaTestCluster.start(1).withTopics();
    loop =
        new CommandLoopLifecycle(
            CommandNode.create(cluster.bootstrapServers(), postgres.dataSource(), Clock.systemUTC())
                .loop());
    loop.start();
    requester =
        new CommandRequester(cluster.bootstrapServers(), "suggestion-it", new CommandCodec(JSON));
  }

  @AfterAll
  static void stop() {
    requester.close();
    loop.stop();
    cluster.close();
  }

  @Test
  void twoHundredMembersVoteAtOnceAndEveryVoteCounts() throws Exception {
    String guild = "611111111111111111";
    String sid = submittedSuggestion(guild);

    List<CompletableFuture<ReplyEnvelope>> votes =
        IntStream.range(0, 200)
            .mapToObj(
                i ->
                    send(
                        guild,
                        new VoteOnSuggestion(
                            guild, sid, i % 4 == 0 ? VoteDirection.DOWN : VoteDirection.UP),
                        member(i)))
            .toList();

    assertThat(votes).allSatisfy(vote -> assertThat(answer(vote).accepted()).isTrue());
    Map<String, Long> cast =
        eventsOf(guild).stream()
            .filter(e -> e.type().equals("VoteCast"))
            .collect(
                Collectors.groupingBy(
                    e -> e.payload().get("direction").asText(), Collectors.counting()));
    assertThat(cast).containsExactlyInAnyOrderEntriesOf(Map.of("UP", 150L, "DOWN", 50L));
    assertThat(eventsOf(guild).stream().map(EventEnvelope::eventId)).doesNotHaveDuplicates();

    // 201 events: the suggestion is snapshotted once they are committed, and loads from it after.
    String key = SuggestionKey.of(guild, sid);
    await().atMost(Duration.ofSeconds(30)).until(() -> snapshotSequence(key) >= 99);
    ReplyEnvelope again =
        answer(send(guild, new VoteOnSuggestion(guild, sid, VoteDirection.DOWN), member(0)));
    assertThat(again.accepted()).isTrue();
    assertThat(eventsOf(guild))
        .last()
        .satisfies(
            e -> {
              assertThat(e.type()).isEqualTo("VoteWithdrawn");
              assertThat(e.sequence()).isEqualTo(201);
            });
  }

  /** The sequence of the aggregate's snapshot in the replica, or -1. */
  private static long snapshotSequence(String aggregateId) throws Exception {
    try (var c = postgres.dataSource().getConnection();
        var query =
            c.prepareStatement(
                // Of the type and revision the loading side's snapshot filter accepts.
                "SELECT max(sequence_number) FROM cmd.snapshot_event_entry"
                    + " WHERE aggregate_identifier = ? AND type = 'Suggestion'"
                    + " AND payload_revision = '1'")) {
      query.setString(1, aggregateId);
      try (var rows = query.executeQuery()) {
        rows.next();
        long sequence = rows.getLong(1);
        return rows.wasNull() ? -1 : sequence;
      }
    }
  }

  @Test
  void aSuggestionIsApprovedOnceAndTheSecondApprovalIsRefused() throws Exception {
    String guild = "622222222222222222";
    String sid = submittedSuggestion(guild);

    ReplyEnvelope first = answer(send(guild, new ApproveSuggestion(guild, sid, "Yes!"), ADMIN));
    ReplyEnvelope second = answer(send(guild, new ApproveSuggestion(guild, sid, null), ADMIN));

    assertThat(first.accepted()).isTrue();
    assertThat(second.errorCode()).isEqualTo(ErrorCode.SUGGESTION_ALREADY_RESOLVED.number());
    assertThat(eventsOf(guild)).filteredOn(e -> e.type().equals("SuggestionApproved")).hasSize(1);
  }

  @Test
  void anSidOfOneGuildIsNotFoundFromAnother() throws Exception {
    String guildA = "644444444444444444";
    String guildB = "655555555555555555";
    String sid = submittedSuggestion(guildA);

    ReplyEnvelope reply = answer(send(guildB, new ApproveSuggestion(guildB, sid, null), ADMIN));

    assertThat(reply.errorCode()).isEqualTo(ErrorCode.SUGGESTION_NOT_FOUND.number());
  }

  @Test
  void aModeratorBlocksTheAuthorOfASuggestionWhoThenCannotSubmit() throws Exception {
    String guild = "666666666666666666";
    String sid = submittedSuggestion(guild);

    ReplyEnvelope blocked = answer(send(guild, new BlockMember(guild, null, sid), ADMIN));
    ReplyEnvelope again =
        answer(send(guild, new SubmitSuggestion(guild, "One more", null, false), member(0)));
    ReplyEnvelope someoneElse =
        answer(send(guild, new SubmitSuggestion(guild, "Mine", null, false), member(7)));

    assertThat(blocked.accepted()).isTrue();
    assertThat(again.errorCode()).isEqualTo(ErrorCode.BLOCKLISTED.number());
    assertThat(someoneElse.accepted()).isTrue();
  }

  @Test
  void aGuildWithNowhereToPutResolvedSuggestionsCannotResolve() throws Exception {
    String guild = "677777777777777777";
    String sid = submittedSuggestion(guild);
    answer(send(guild, new SetGuildToggle(guild, GuildToggle.KEEP_LOGS, false), ADMIN));

    ReplyEnvelope refused = answer(send(guild, new RejectSuggestion(guild, sid, null), ADMIN));
    answer(send(guild, new SetGuildChannel(guild, GuildChannel.LOG, guild), ADMIN));
    ReplyEnvelope rejected = answer(send(guild, new RejectSuggestion(guild, sid, null), ADMIN));

    assertThat(refused.errorCode()).isEqualTo(ErrorCode.NO_LOG_CHANNEL.number());
    assertThat(rejected.accepted()).isTrue();
  }

  @Test
  void aMembersOwnSettingLivesUnderTheirUserKey() throws Exception {
    Actor member = member(42);

    ReplyEnvelope reply = answer(send(null, new SetDirectMessages(member.userId(), false), member));

    assertThat(reply.accepted()).isTrue();
    assertThat(TestCommands.events(cluster.bootstrapServers()))
        .filteredOn(e -> e.type().equals("DirectMessagesSet"))
        .singleElement()
        .satisfies(e -> assertThat(e.aggregateId()).isEqualTo("user:" + member.userId()));
  }

  @Test
  void aGuildCommandThatHidesItsGuildFromTheEnvelopeIsRefused() throws Exception {
    String guild = "688888888888888888";
    String sid = submittedSuggestion(guild);

    ReplyEnvelope reply = answer(send(null, new ApproveSuggestion(guild, sid, null), ADMIN));

    assertThat(reply.errorCode()).isEqualTo(ErrorCode.INVALID_COMMAND.number());
    assertThat(eventsOf(guild))
        .extracting(EventEnvelope::type)
        .doesNotContain("SuggestionApproved");
  }

  @Test
  void theGuildsSuggestionLimitHoldsOnTheServer() throws Exception {
    String guild = "699999999999999999";
    submittedSuggestion(guild);
    answer(send(guild, new SetSuggestionLimit(guild, 1, Duration.ofHours(1)), ADMIN));

    ReplyEnvelope second =
        answer(send(guild, new SubmitSuggestion(guild, "And another", null, false), member(0)));
    ReplyEnvelope otherMember =
        answer(send(guild, new SubmitSuggestion(guild, "Mine", null, false), member(8)));

    assertThat(second.errorCode()).isEqualTo(ErrorCode.ON_COOLDOWN.number());
    assertThat(second.message()).contains("Try again in");
    assertThat(Long.parseLong(second.result().get(ReplyEnvelope.RETRY_AFTER_SECONDS)))
        .isBetween(3_500L, 3_600L);
    assertThat(otherMember.accepted()).isTrue();
  }

  @Test
  void aQueuedSuggestionIsPublishedOnApprovalOnceWithTheResponseAsItsNote() throws Exception {
    String guild = "710000000000000001";
    String queueId = queuedSuggestion(guild);

    ReplyEnvelope approved =
        answer(send(guild, new ApproveSuggestion(guild, queueId, "Thanks, live now"), ADMIN));
    ReplyEnvelope again = answer(send(guild, new RejectSuggestion(guild, queueId, null), ADMIN));
    String sid = approved.result().get(Submissions.SUGGESTION_ID);
    ReplyEnvelope vote =
        answer(send(guild, new VoteOnSuggestion(guild, sid, VoteDirection.UP), member(3)));

    assertThat(approved.accepted()).isTrue();
    assertThat(sid).matches("[a-z0-9]{8}").isNotEqualTo(queueId);
    assertThat(again.errorCode()).isEqualTo(ErrorCode.SUGGESTION_ALREADY_RESOLVED.number());
    assertThat(vote.accepted()).isTrue();
    assertThat(eventsOf(guild))
        .filteredOn(e -> e.type().startsWith("Queued") || e.aggregateId().endsWith("/" + sid))
        .extracting(EventEnvelope::type)
        .containsExactly(
            "QueuedSuggestionApproved", "SuggestionSubmitted", "SuggestionNoteAdded", "VoteCast");
  }

  @Test
  void aChannelQueueNeedsItsChannelAndItsItemsKeepTheirMode() throws Exception {
    String guild = "710000000000000003";
    queuedSuggestion(guild);
    answer(send(guild, new SetGuildToggle(guild, GuildToggle.CHANNEL_QUEUE, true), ADMIN));

    ReplyEnvelope noChannel =
        answer(send(guild, new SubmitSuggestion(guild, "Second", null, false), member(4)));
    answer(send(guild, new SetGuildChannel(guild, GuildChannel.QUEUE, guild), ADMIN));
    ReplyEnvelope queued =
        answer(send(guild, new SubmitSuggestion(guild, "Third", null, false), member(5)));

    assertThat(noChannel.errorCode()).isEqualTo(ErrorCode.NO_QUEUE_CHANNEL.number());
    assertThat(queued.result()).containsKey(Submissions.QUEUE_ID);
    assertThat(eventsOf(guild))
        .filteredOn(e -> e.type().equals("SuggestionQueued"))
        .extracting(e -> e.payload().get("mode").asText())
        .containsExactly("VIRTUAL", "CHANNEL");
  }

  @Test
  void aModeratorBlocksTheAuthorOfAQueuedItemByItsId() throws Exception {
    String guild = "710000000000000002";
    String queueId = queuedSuggestion(guild);

    ReplyEnvelope blocked = answer(send(guild, new BlockMember(guild, null, queueId), ADMIN));
    ReplyEnvelope again =
        answer(send(guild, new SubmitSuggestion(guild, "One more", null, false), member(0)));

    assertThat(blocked.accepted()).isTrue();
    assertThat(again.errorCode()).isEqualTo(ErrorCode.BLOCKLISTED.number());
  }

  /** A member who is not a moderator is refused by every route, and nothing is appended. */
  @Nested
  class AMemberIsRefused {

    @Test
    void approving() throws Exception {
      String guild = "720000000000000001";
      refused(guild, new ApproveSuggestion(guild, submittedSuggestion(guild), null));
    }

    @Test
    void rejecting() throws Exception {
      String guild = "720000000000000002";
      refused(guild, new RejectSuggestion(guild, submittedSuggestion(guild), null));
    }

    @Test
    void clearing() throws Exception {
      String guild = "720000000000000003";
      refused(guild, new ClearSuggestion(guild, submittedSuggestion(guild), null));
    }

    @Test
    void addingANote() throws Exception {
      String guild = "720000000000000004";
      refused(guild, new AddSuggestionNote(guild, submittedSuggestion(guild), "Mine now"));
    }

    @Test
    void changingTheConfig() throws Exception {
      String guild = "720000000000000005";
      submittedSuggestion(guild);
      refused(guild, new SetGuildToggle(guild, GuildToggle.ANONYMOUS_SUGGESTIONS, true));
    }

    @Test
    void blockingAMember() throws Exception {
      String guild = "720000000000000006";
      refused(guild, new BlockMember(guild, null, submittedSuggestion(guild)));
    }

    @Test
    void approvingAQueuedSuggestion() throws Exception {
      String guild = "720000000000000007";
      refused(guild, new ApproveSuggestion(guild, queuedSuggestion(guild), null));
    }

    private void refused(String guild, Object command) throws Exception {
      int before = eventsOf(guild).size();

      ReplyEnvelope reply = answer(send(guild, command, member(1)));

      assertThat(reply.errorCode()).isEqualTo(ErrorCode.NOT_A_MODERATOR.number());
      assertThat(eventsOf(guild)).hasSize(before);
    }
  }

  /** A guild that queues suggestions, with one waiting; returns its queue id. */
  private static String queuedSuggestion(String guild) throws Exception {
    for (Object setting :
        List.of(
            new SetGuildChannel(guild, GuildChannel.SUGGESTIONS, guild),
            new SetGuildToggle(guild, GuildToggle.SUGGESTION_QUEUE, true))) {
      assertThat(answer(send(guild, setting, ADMIN)).accepted()).isTrue();
    }
    ReplyEnvelope queued =
        answer(send(guild, new SubmitSuggestion(guild, "A quiet channel", null, false), member(0)));
    assertThat(queued.result()).containsOnlyKeys(Submissions.QUEUE_ID);
    return queued.result().get(Submissions.QUEUE_ID);
  }

  /** A guild with a suggestions channel and one suggestion in it; returns its sID. */
  private static String submittedSuggestion(String guild) throws Exception {
    ReplyEnvelope channel =
        answer(send(guild, new SetGuildChannel(guild, GuildChannel.SUGGESTIONS, guild), ADMIN));
    assertThat(channel.accepted()).isTrue();
    ReplyEnvelope keepLogs =
        answer(send(guild, new SetGuildToggle(guild, GuildToggle.KEEP_LOGS, true), ADMIN));
    assertThat(keepLogs.accepted()).isTrue();
    ReplyEnvelope submitted =
        answer(send(guild, new SubmitSuggestion(guild, "A quiet channel", null, false), member(0)));
    assertThat(submitted.accepted()).isTrue();
    String sid = submitted.result().get(Submissions.SUGGESTION_ID);
    assertThat(sid).matches("[a-z0-9]{8}");
    return sid;
  }

  private static CompletableFuture<ReplyEnvelope> send(String guild, Object command, Actor actor) {
    return requester.send(TestCommands.envelope(guild, command, actor, requester.requesterId()));
  }

  private static ReplyEnvelope answer(CompletableFuture<ReplyEnvelope> reply) throws Exception {
    return reply.get(60, TimeUnit.SECONDS);
  }

  private static Actor member(int i) {
    return new Actor(String.valueOf(900_000_000_000_000_000L + i), 0, List.of());
  }

  private static List<EventEnvelope> eventsOf(String guild) {
    return TestCommands.events(cluster.bootstrapServers()).stream()
        .filter(e -> guild.equals(e.guildId()))
        .collect(Collectors.toList());
  }
}
