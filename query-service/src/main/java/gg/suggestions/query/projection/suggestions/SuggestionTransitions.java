package gg.suggestions.query.projection.suggestions;

import gg.suggestions.eventstore.contract.suggestion.SuggestionApproved;
import gg.suggestions.eventstore.contract.suggestion.SuggestionCleared;
import gg.suggestions.eventstore.contract.suggestion.SuggestionMessageDeleted;
import gg.suggestions.eventstore.contract.suggestion.SuggestionMessageMoved;
import gg.suggestions.eventstore.contract.suggestion.SuggestionMessagePosted;
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
import gg.suggestions.query.projection.suggestions.SuggestionRow.Discord;
import gg.suggestions.query.projection.suggestions.SuggestionRow.Note;
import gg.suggestions.query.projection.suggestions.SuggestionRow.Resolution;
import gg.suggestions.query.projection.suggestions.SuggestionRow.State;
import gg.suggestions.query.projection.suggestions.SuggestionRow.Submission;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;

/**
 * The pure transitions of the suggestions projection: a row and an event in, the next row out. The
 * live handler and the rebuild both fold events with these, so the two cannot drift apart.
 */
public final class SuggestionTransitions {

  private SuggestionTransitions() {}

  /** The row a submission creates, as of its event's sequence (0) and time. */
  public static SuggestionRow submitted(SuggestionSubmitted e, long sequence, Instant at) {
    var submission =
        new Submission(
            e.guildId(), e.suggestionId(), e.authorId(), e.text(), e.image(), e.anonymous(), at);
    return new SuggestionRow(
        submission, State.PENDING, 0, 0, null, null, Discord.NOWHERE, sequence);
  }

  /**
   * The outcome a change counts towards in suggestions per day ({@code approved}, {@code rejected},
   * {@code cleared}), or empty when the state stayed as it was.
   */
  public static Optional<String> outcome(SuggestionRow before, SuggestionRow after) {
    return before.state() == after.state()
        ? Optional.empty()
        : Optional.of(after.state().name().toLowerCase(Locale.ROOT));
  }

  /** A member's vote after the vote event: {@code null} when they have none. */
  public static VoteDirection vote(VoteDirection before, Object event) {
    if (event instanceof VoteCast cast) {
      return cast.direction();
    }
    if (event instanceof VoteSwitched switched) {
      return switched.direction();
    }
    return event instanceof VoteWithdrawn ? null : before;
  }

  /**
   * The row after any event of the suggestion but its submission and votes (those go through {@link
   * #submitted} and {@link #vote} with {@link SuggestionRow#counted}).
   */
  public static SuggestionRow apply(SuggestionRow row, Object event, long sequence, Instant at) {
    return next(row, event, at).at(sequence);
  }

  private static SuggestionRow next(SuggestionRow row, Object event, Instant at) {
    if (event instanceof SuggestionApproved e) {
      return row.with(State.APPROVED, new Resolution(e.moderatorId(), e.response(), at));
    }
    if (event instanceof SuggestionRejected e) {
      return row.with(State.REJECTED, new Resolution(e.moderatorId(), e.response(), at));
    }
    if (event instanceof SuggestionCleared e) {
      return row.with(State.CLEARED, new Resolution(e.moderatorId(), e.response(), at));
    }
    if (event instanceof SuggestionNoteAdded e) {
      return row.with(new Note(e.note(), e.moderatorId()));
    }
    if (event instanceof SuggestionNoteRemoved) {
      return row.with((Note) null);
    }
    return row.with(discord(row.discord(), event));
  }

  /** Where the suggestion lives on Discord after a Discord fact. */
  private static Discord discord(Discord d, Object event) {
    if (event instanceof SuggestionMessagePosted e) {
      return new Discord(e.channelId(), e.messageId(), d.threadId(), d.threadArchived());
    }
    if (event instanceof SuggestionMessageMoved e) {
      return new Discord(e.channelId(), e.messageId(), d.threadId(), d.threadArchived());
    }
    if (event instanceof SuggestionMessageDeleted) {
      return new Discord(null, null, d.threadId(), d.threadArchived());
    }
    if (event instanceof SuggestionThreadCreated e) {
      return new Discord(d.channelId(), d.messageId(), e.threadId(), false);
    }
    if (event instanceof SuggestionThreadArchived) {
      return new Discord(d.channelId(), d.messageId(), d.threadId(), true);
    }
    return d;
  }
}
