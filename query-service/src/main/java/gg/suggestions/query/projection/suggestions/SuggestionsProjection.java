package gg.suggestions.query.projection.suggestions;

import gg.suggestions.eventstore.contract.legacy.SuggestionImported;
import gg.suggestions.eventstore.contract.suggestion.SuggestionApproved;
import gg.suggestions.eventstore.contract.suggestion.SuggestionCleared;
import gg.suggestions.eventstore.contract.suggestion.SuggestionImage;
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
import gg.suggestions.eventstore.contract.userconfig.MemberForgotten;
import gg.suggestions.query.projection.ForgottenMembers;
import gg.suggestions.query.projection.store.Store;
import gg.suggestions.query.projection.suggestions.SuggestionRow.Discord;
import gg.suggestions.query.projection.suggestions.SuggestionRow.Note;
import gg.suggestions.query.projection.suggestions.SuggestionRow.Resolution;
import gg.suggestions.query.projection.suggestions.SuggestionRow.State;
import gg.suggestions.query.projection.suggestions.SuggestionRow.Submission;
import gg.suggestions.query.projection.suggestions.SuggestionRows.Vote;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.function.UnaryOperator;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.eventhandling.Timestamp;

/**
 * The suggestions read model: state, counts, vote set, note, resolution and Discord ids, and the
 * suggestions per day by outcome. Its rules are written here once and run against either store: the
 * live database, or a rebuild's memory. Every event but a submission loads its row and is applied
 * only above the row's last sequence, so a redelivered event changes nothing.
 */
public final class SuggestionsProjection {

  /** The processor's name and the projection's, as {@code suggestionsctl} knows it. */
  public static final String NAME = "suggestions";

  private final Store store;
  private final Store.Rows<SuggestionRow> suggestions;
  private final Store.Rows<Vote> votes;
  private final Store.Counts outcomes;

  public SuggestionsProjection(Store store) {
    this.store = store;
    this.suggestions = store.rows(SuggestionRows.SUGGESTION);
    this.votes = store.rows(SuggestionRows.VOTE);
    this.outcomes = store.counts(SuggestionRows.DAILY_OUTCOME);
  }

  @EventHandler
  void on(SuggestionSubmitted e, @SequenceNumber Long sequence, @Timestamp Instant at) {
    if (suggestions.find(e.guildId(), e.suggestionId()).isEmpty()) {
      var submission =
          new Submission(
              e.guildId(), e.suggestionId(), e.authorId(), e.text(), e.image(), e.anonymous(), at);
      suggestions.put(
          new SuggestionRow(
              submission, State.PENDING, 0, 0, null, null, Discord.NOWHERE, sequence));
      count(e.guildId(), "submitted", at);
    }
  }

  /**
   * A suggestion of the old bot as it stood at the export, counted on its original days; its button
   * votes follow as votes, its reaction-era counts are where the counts start.
   */
  @EventHandler
  void on(SuggestionImported e, @SequenceNumber Long sequence) {
    if (suggestions.find(e.guildId(), e.suggestionId()).isPresent()) {
      return;
    }
    State state = State.valueOf(e.state().toUpperCase(Locale.ROOT));
    Instant resolvedAt = e.resolvedAt() == null ? e.createdAt() : e.resolvedAt();
    suggestions.put(
        new SuggestionRow(
            new Submission(
                e.guildId(),
                e.suggestionId(),
                e.authorId(),
                e.text(),
                SuggestionImage.ofAddress(e.imageUrl()),
                e.anonymous(),
                e.createdAt()),
            state,
            (int) Math.min(Integer.MAX_VALUE, e.reactionUpVotes()),
            (int) Math.min(Integer.MAX_VALUE, e.reactionDownVotes()),
            e.note() == null ? null : new Note(e.note(), e.noteAuthorId()),
            state == State.PENDING
                ? null
                : new Resolution(e.resolverId(), e.response(), resolvedAt),
            new Discord(e.channelId(), e.messageId(), e.threadId(), false),
            sequence));
    count(e.guildId(), "submitted", e.createdAt());
    if (state != State.PENDING) {
      count(e.guildId(), state.name().toLowerCase(Locale.ROOT), resolvedAt);
    }
  }

  /** A forgotten member's suggestions, notes, resolutions and votes lose their id and texts. */
  @EventHandler
  void on(MemberForgotten e) {
    ForgottenMembers.of(e, NAME)
        .forEach((member, pseudonym) -> store.forget(SuggestionRows.MEMBERS, member, pseudonym));
  }

  @EventHandler
  void on(VoteCast e, @SequenceNumber Long sequence) {
    vote(e.guildId(), e.suggestionId(), e.voterId(), e.direction(), sequence);
  }

  @EventHandler
  void on(VoteSwitched e, @SequenceNumber Long sequence) {
    vote(e.guildId(), e.suggestionId(), e.voterId(), e.direction(), sequence);
  }

  @EventHandler
  void on(VoteWithdrawn e, @SequenceNumber Long sequence) {
    vote(e.guildId(), e.suggestionId(), e.voterId(), null, sequence);
  }

  @EventHandler
  void on(SuggestionApproved e, @SequenceNumber Long sequence, @Timestamp Instant at) {
    resolve(
        e.guildId(), e.suggestionId(), State.APPROVED, e.moderatorId(), e.response(), sequence, at);
  }

  @EventHandler
  void on(SuggestionRejected e, @SequenceNumber Long sequence, @Timestamp Instant at) {
    resolve(
        e.guildId(), e.suggestionId(), State.REJECTED, e.moderatorId(), e.response(), sequence, at);
  }

  @EventHandler
  void on(SuggestionCleared e, @SequenceNumber Long sequence, @Timestamp Instant at) {
    resolve(
        e.guildId(), e.suggestionId(), State.CLEARED, e.moderatorId(), e.response(), sequence, at);
  }

  @EventHandler
  void on(SuggestionNoteAdded e, @SequenceNumber Long sequence) {
    change(
        e.guildId(),
        e.suggestionId(),
        sequence,
        row -> row.with(new Note(e.note(), e.moderatorId())));
  }

  @EventHandler
  void on(SuggestionNoteRemoved e, @SequenceNumber Long sequence) {
    change(e.guildId(), e.suggestionId(), sequence, row -> row.with((Note) null));
  }

  @EventHandler
  void on(SuggestionMessagePosted e, @SequenceNumber Long sequence) {
    change(
        e.guildId(),
        e.suggestionId(),
        sequence,
        row -> row.with(row.discord().at(e.channelId(), e.messageId())));
  }

  @EventHandler
  void on(SuggestionMessageMoved e, @SequenceNumber Long sequence) {
    change(
        e.guildId(),
        e.suggestionId(),
        sequence,
        row -> row.with(row.discord().at(e.channelId(), e.messageId())));
  }

  @EventHandler
  void on(SuggestionMessageDeleted e, @SequenceNumber Long sequence) {
    change(e.guildId(), e.suggestionId(), sequence, row -> row.with(row.discord().at(null, null)));
  }

  @EventHandler
  void on(SuggestionThreadCreated e, @SequenceNumber Long sequence) {
    change(
        e.guildId(),
        e.suggestionId(),
        sequence,
        row -> row.with(row.discord().inThread(e.threadId(), false)));
  }

  @EventHandler
  void on(SuggestionThreadArchived e, @SequenceNumber Long sequence) {
    change(
        e.guildId(),
        e.suggestionId(),
        sequence,
        row -> row.with(row.discord().inThread(row.discord().threadId(), true)));
  }

  /** The member's vote becomes {@code after} ({@code null}: none), and the counts follow. */
  private void vote(
      String guildId, String suggestionId, String voterId, VoteDirection after, long sequence) {
    change(
        guildId,
        suggestionId,
        sequence,
        row -> {
          VoteDirection before =
              votes.find(guildId, suggestionId, voterId).map(Vote::direction).orElse(null);
          if (after == null) {
            votes.remove(guildId, suggestionId, voterId);
          } else {
            votes.put(new Vote(guildId, suggestionId, voterId, after));
          }
          return row.counted(before, after);
        });
  }

  /** Approved, rejected or cleared: counted on the day as its outcome when the state changes. */
  private void resolve(
      String guildId,
      String suggestionId,
      State state,
      String moderatorId,
      String response,
      long sequence,
      Instant at) {
    SuggestionRow before =
        change(
            guildId,
            suggestionId,
            sequence,
            row -> row.with(state, new Resolution(moderatorId, response, at)));
    if (before != null && before.state() != state) {
      count(guildId, state.name().toLowerCase(Locale.ROOT), at);
    }
  }

  /**
   * Applies {@code next} to the row unless it holds this event already.
   *
   * @return the row before, or {@code null} if the event was applied before
   */
  private SuggestionRow change(
      String guildId, String suggestionId, long sequence, UnaryOperator<SuggestionRow> next) {
    SuggestionRow row = existing(guildId, suggestionId);
    if (row.lastSequence() >= sequence) {
      return null;
    }
    suggestions.put(next.apply(row).at(sequence));
    return row;
  }

  private void count(String guildId, String outcome, Instant at) {
    outcomes.add(List.of(LocalDate.ofInstant(at, ZoneOffset.UTC), guildId, outcome), 1);
  }

  /** The row; missing, the submission was never applied, and this event goes to dead letters. */
  private SuggestionRow existing(String guildId, String suggestionId) {
    return suggestions
        .find(guildId, suggestionId)
        .orElseThrow(
            () ->
                new IllegalStateException(
                    "Suggestion " + guildId + "/" + suggestionId + " is not in the projection"));
  }
}
