package gg.suggestions.query.projection.suggestions;

import gg.suggestions.eventstore.contract.suggestion.SuggestionSubmitted;
import gg.suggestions.eventstore.contract.suggestion.VoteCast;
import gg.suggestions.eventstore.contract.suggestion.VoteDirection;
import gg.suggestions.eventstore.contract.suggestion.VoteSwitched;
import gg.suggestions.eventstore.contract.suggestion.VoteWithdrawn;
import gg.suggestions.query.projection.CsvCopy;
import gg.suggestions.query.projection.ShadowFold;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.TrackedEventMessage;

/**
 * The suggestions projection folded in memory for a rebuild, with the transitions and guards of
 * {@link SuggestionsProjection}.
 */
public final class SuggestionsFold implements ShadowFold {

  private final Map<String, SuggestionRow> rows = new HashMap<>();
  private final Map<String, Map<String, VoteDirection>> votes = new HashMap<>();
  private final Map<List<Object>, Long> outcomes = new HashMap<>();

  @Override
  public void apply(TrackedEventMessage<?> message) {
    if (!(message instanceof DomainEventMessage<?> event)) {
      return;
    }
    Object payload = event.getPayload();
    long sequence = event.getSequenceNumber();
    Instant at = event.getTimestamp();
    String key = event.getAggregateIdentifier();
    if (payload instanceof SuggestionSubmitted submitted) {
      if (rows.putIfAbsent(key, SuggestionTransitions.submitted(submitted, sequence, at)) == null) {
        count(submitted.guildId(), "submitted", at);
      }
      return;
    }
    SuggestionRow row = rows.get(key);
    if (row == null) {
      throw new IllegalStateException("Suggestion " + key + " is not in the projection");
    }
    if (row.lastSequence() >= sequence) {
      return;
    }
    if (payload instanceof VoteCast
        || payload instanceof VoteSwitched
        || payload instanceof VoteWithdrawn) {
      rows.put(key, vote(key, row, payload, sequence));
      return;
    }
    SuggestionRow next = SuggestionTransitions.apply(row, payload, sequence, at);
    rows.put(key, next);
    SuggestionTransitions.outcome(row, next)
        .ifPresent(outcome -> count(row.submission().guildId(), outcome, at));
  }

  private SuggestionRow vote(String key, SuggestionRow row, Object payload, long sequence) {
    String voter = voterOf(payload);
    Map<String, VoteDirection> voters = votes.computeIfAbsent(key, k -> new HashMap<>());
    VoteDirection before = voters.get(voter);
    VoteDirection after = SuggestionTransitions.vote(before, payload);
    if (after == null) {
      voters.remove(voter);
    } else {
      voters.put(voter, after);
    }
    return row.counted(before, after).at(sequence);
  }

  private static String voterOf(Object vote) {
    if (vote instanceof VoteCast cast) {
      return cast.voterId();
    }
    if (vote instanceof VoteSwitched switched) {
      return switched.voterId();
    }
    return ((VoteWithdrawn) vote).voterId();
  }

  private void count(String guildId, String outcome, Instant at) {
    outcomes.merge(
        List.of(LocalDate.ofInstant(at, ZoneOffset.UTC), guildId, outcome), 1L, Long::sum);
  }

  @Override
  public void copyInto(Connection connection, String schema) throws SQLException {
    CsvCopy.copy(
        connection,
        schema + ".suggestion",
        List.of(SuggestionRows.COLUMNS.split(",\\s*")),
        rows.values().stream().map(SuggestionRows::values));
    CsvCopy.copy(
        connection,
        schema + ".vote",
        List.of("guild_id", "suggestion_id", "voter_id", "direction"),
        votes.entrySet().stream()
            .flatMap(
                entry -> {
                  SuggestionRow row = rows.get(entry.getKey());
                  return entry.getValue().entrySet().stream()
                      .map(
                          vote ->
                              new Object[] {
                                row.submission().guildId(),
                                row.submission().suggestionId(),
                                vote.getKey(),
                                vote.getValue().name()
                              });
                }));
    CsvCopy.copy(
        connection,
        schema + ".daily_outcome",
        List.of("day", "guild_id", "outcome", "suggestions"),
        outcomes.entrySet().stream()
            .map(
                entry ->
                    new Object[] {
                      entry.getKey().get(0),
                      entry.getKey().get(1),
                      entry.getKey().get(2),
                      entry.getValue()
                    }));
  }
}
