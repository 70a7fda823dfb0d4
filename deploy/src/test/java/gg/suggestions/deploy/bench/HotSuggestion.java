package gg.suggestions.deploy.bench;

import gg.suggestions.command.suggestion.Submissions;
import gg.suggestions.eventstore.contract.Actor;
import gg.suggestions.eventstore.contract.guildconfig.GuildChannel;
import gg.suggestions.eventstore.contract.guildconfig.GuildToggle;
import gg.suggestions.eventstore.contract.guildconfig.SetGuildChannel;
import gg.suggestions.eventstore.contract.guildconfig.SetGuildToggle;
import gg.suggestions.eventstore.contract.suggestion.SubmitSuggestion;
import gg.suggestions.eventstore.contract.suggestion.VoteDirection;
import gg.suggestions.eventstore.contract.suggestion.VoteOnSuggestion;
import gg.suggestions.eventstore.envelope.CommandEnvelope;
import gg.suggestions.eventstore.envelope.ReplyEnvelope;
import gg.suggestions.eventstore.request.CommandRequester;
import gg.suggestions.testing.TestCommands;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One suggestion many members vote on at once: every vote lands on the same aggregate, so on one
 * partition, one transaction after another. A member voting the same way twice withdraws the vote;
 * every vote is accepted and leaves exactly one vote event.
 */
final class HotSuggestion {

  private static final Set<String> VOTE_EVENTS =
      Set.of("VoteCast", "VoteWithdrawn", "VoteSwitched");
  private static final AtomicLong accepted = new AtomicLong();

  private HotSuggestion() {}

  /** Sets up {@code guild} and submits a suggestion there; its sID. */
  static String submit(CommandRequester requester, String guild) throws Exception {
    decide(requester, guild, new SetGuildChannel(guild, GuildChannel.SUGGESTIONS, guild), ADMIN);
    decide(requester, guild, new SetGuildToggle(guild, GuildToggle.KEEP_LOGS, true), ADMIN);
    ReplyEnvelope submitted =
        decide(requester, guild, new SubmitSuggestion(guild, "Hot", null, false), member(0));
    return submitted.result().get(Submissions.SUGGESTION_ID);
  }

  /** Vote {@code n}, by member {@code n % voters}: {@code null} if accepted, else why not. */
  static String vote(CommandRequester requester, String guild, String sid, int n, int voters)
      throws Exception {
    var reply =
        requester
            .send(
                envelope(
                    requester,
                    guild,
                    new VoteOnSuggestion(guild, sid, VoteDirection.UP),
                    member(Math.floorMod(n, voters))))
            .get(30, TimeUnit.SECONDS);
    if (!reply.accepted()) {
      return "refused " + reply.errorKey();
    }
    accepted.incrementAndGet();
    return null;
  }

  /** Votes accepted so far, warm-up included. */
  static long accepted() {
    return accepted.get();
  }

  /** Vote events of {@code guild} in the log. */
  static long countVotes(String bootstrapServers, String guild) {
    return TestCommands.events(bootstrapServers).stream()
        .filter(e -> guild.equals(e.guildId()) && VOTE_EVENTS.contains(e.type()))
        .count();
  }

  private static ReplyEnvelope decide(
      CommandRequester requester, String guild, Object command, Actor actor) throws Exception {
    ReplyEnvelope reply =
        requester.send(envelope(requester, guild, command, actor)).get(30, TimeUnit.SECONDS);
    if (!reply.accepted()) {
      throw new IllegalStateException(command + " was refused: " + reply.errorKey());
    }
    return reply;
  }

  private static CommandEnvelope envelope(
      CommandRequester requester, String guild, Object command, Actor actor) {
    return TestCommands.envelope(guild, command, actor, requester.requesterId());
  }

  private static final Actor ADMIN = TestCommands.ADMIN;

  private static Actor member(int i) {
    return new Actor(String.valueOf(900_000_000_000_000_000L + i), 0, List.of());
  }
}
