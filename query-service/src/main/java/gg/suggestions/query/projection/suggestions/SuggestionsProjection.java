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
import java.time.Instant;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.eventhandling.Timestamp;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The suggestions read model: state, counts, vote set, note, resolution and Discord ids. Each
 * handler loads the row, applies a pure transition of {@link SuggestionTransitions} and upserts
 * with a sequence guard, so a redelivered event changes nothing.
 */
public final class SuggestionsProjection {

  /** The processor's name and the projection's, as {@code suggestionsctl} knows it. */
  public static final String NAME = "suggestions";

  private final SuggestionRows rows;

  public SuggestionsProjection(JdbcTemplate jdbc) {
    this.rows = new SuggestionRows(jdbc, SuggestionRows.SCHEMA);
  }

  @EventHandler
  void on(SuggestionSubmitted e, @SequenceNumber Long sequence, @Timestamp Instant at) {
    if (rows.find(e.guildId(), e.suggestionId()).isEmpty()) {
      rows.save(SuggestionTransitions.submitted(e, sequence, at));
      rows.count(e.guildId(), "submitted", at);
    }
  }

  @EventHandler
  void on(VoteCast e, @SequenceNumber Long sequence) {
    vote(e.guildId(), e.suggestionId(), e.voterId(), e, sequence);
  }

  @EventHandler
  void on(VoteSwitched e, @SequenceNumber Long sequence) {
    vote(e.guildId(), e.suggestionId(), e.voterId(), e, sequence);
  }

  @EventHandler
  void on(VoteWithdrawn e, @SequenceNumber Long sequence) {
    vote(e.guildId(), e.suggestionId(), e.voterId(), e, sequence);
  }

  @EventHandler
  void on(SuggestionApproved e, @SequenceNumber Long sequence, @Timestamp Instant at) {
    change(e.guildId(), e.suggestionId(), e, sequence, at);
  }

  @EventHandler
  void on(SuggestionRejected e, @SequenceNumber Long sequence, @Timestamp Instant at) {
    change(e.guildId(), e.suggestionId(), e, sequence, at);
  }

  @EventHandler
  void on(SuggestionCleared e, @SequenceNumber Long sequence, @Timestamp Instant at) {
    change(e.guildId(), e.suggestionId(), e, sequence, at);
  }

  @EventHandler
  void on(SuggestionNoteAdded e, @SequenceNumber Long sequence, @Timestamp Instant at) {
    change(e.guildId(), e.suggestionId(), e, sequence, at);
  }

  @EventHandler
  void on(SuggestionNoteRemoved e, @SequenceNumber Long sequence, @Timestamp Instant at) {
    change(e.guildId(), e.suggestionId(), e, sequence, at);
  }

  @EventHandler
  void on(SuggestionMessagePosted e, @SequenceNumber Long sequence, @Timestamp Instant at) {
    change(e.guildId(), e.suggestionId(), e, sequence, at);
  }

  @EventHandler
  void on(SuggestionMessageMoved e, @SequenceNumber Long sequence, @Timestamp Instant at) {
    change(e.guildId(), e.suggestionId(), e, sequence, at);
  }

  @EventHandler
  void on(SuggestionMessageDeleted e, @SequenceNumber Long sequence, @Timestamp Instant at) {
    change(e.guildId(), e.suggestionId(), e, sequence, at);
  }

  @EventHandler
  void on(SuggestionThreadCreated e, @SequenceNumber Long sequence, @Timestamp Instant at) {
    change(e.guildId(), e.suggestionId(), e, sequence, at);
  }

  @EventHandler
  void on(SuggestionThreadArchived e, @SequenceNumber Long sequence, @Timestamp Instant at) {
    change(e.guildId(), e.suggestionId(), e, sequence, at);
  }

  private void vote(
      String guildId, String suggestionId, String voterId, Object event, long sequence) {
    SuggestionRow row = existing(guildId, suggestionId);
    if (row.lastSequence() >= sequence) {
      return;
    }
    VoteDirection before = rows.voteOf(guildId, suggestionId, voterId);
    VoteDirection after = SuggestionTransitions.vote(before, event);
    rows.setVote(guildId, suggestionId, voterId, after);
    rows.save(row.counted(before, after).at(sequence));
  }

  private void change(
      String guildId, String suggestionId, Object event, long sequence, Instant at) {
    SuggestionRow row = existing(guildId, suggestionId);
    if (row.lastSequence() >= sequence) {
      return;
    }
    SuggestionRow next = SuggestionTransitions.apply(row, event, sequence, at);
    rows.save(next);
    SuggestionTransitions.outcome(row, next).ifPresent(outcome -> rows.count(guildId, outcome, at));
  }

  /** The row; missing, the submission was never applied, and this event goes to dead letters. */
  private SuggestionRow existing(String guildId, String suggestionId) {
    return rows.find(guildId, suggestionId)
        .orElseThrow(
            () ->
                new IllegalStateException(
                    "Suggestion " + guildId + "/" + suggestionId + " is not in the projection"));
  }
}
