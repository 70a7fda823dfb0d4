package gg.suggestions.query.projection.suggestions;

import gg.suggestions.eventstore.contract.suggestion.VoteDirection;
import gg.suggestions.query.projection.store.JdbcStore;
import gg.suggestions.query.projection.store.Store;
import gg.suggestions.query.projection.suggestions.SuggestionRow.State;
import java.sql.Date;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;

/** Reads of the suggestions projection for the query API. */
public final class SuggestionQueries {

  private final JdbcTemplate jdbc;
  private final Store.Rows<SuggestionRow> rows;

  public SuggestionQueries(JdbcTemplate jdbc) {
    this.jdbc = jdbc;
    this.rows = new JdbcStore(jdbc, SuggestionRows.SCHEMA).rows(SuggestionRows.SUGGESTION);
  }

  public Optional<SuggestionRow> one(String guildId, String suggestionId) {
    return rows.find(guildId, suggestionId);
  }

  /** A page of the guild's suggestions in {@code state}, newest first. */
  public List<SuggestionRow> inState(String guildId, State state, int page, int size) {
    return jdbc.query(
        "SELECT * FROM "
            + SuggestionRows.SCHEMA
            + ".suggestion"
            + " WHERE guild_id = ? AND state = ?"
            + " ORDER BY submitted_at DESC, suggestion_id LIMIT ? OFFSET ?",
        (rs, i) -> SuggestionRows.row(rs),
        guildId,
        state.name(),
        size,
        (long) page * size);
  }

  /**
   * Autocomplete: the ids of the guild's suggestions containing {@code fragment} (any case), newest
   * first, at most {@code limit}; cleared ones are left out.
   */
  public List<String> idsContaining(String guildId, String fragment, int limit) {
    return jdbc.queryForList(
        "SELECT suggestion_id FROM "
            + SuggestionRows.SCHEMA
            + ".suggestion"
            + " WHERE guild_id = ? AND state <> 'CLEARED' AND strpos(suggestion_id, ?) > 0"
            + " ORDER BY submitted_at DESC, suggestion_id LIMIT ?",
        String.class,
        guildId,
        fragment.toLowerCase(java.util.Locale.ROOT),
        limit);
  }

  /**
   * The suggestions whose message names {@code memberId} (as author, note author or resolver), in
   * any guild, at most {@code limit}: what a forgetting has the bot edit.
   */
  public List<Map<String, Object>> naming(String memberId, int limit) {
    return jdbc.queryForList(
        "SELECT guild_id AS \"guildId\", suggestion_id AS \"suggestionId\" FROM "
            + SuggestionRows.SCHEMA
            + ".suggestion WHERE author_id = ? OR note_by = ? OR resolved_by = ?"
            + " ORDER BY guild_id, suggestion_id LIMIT ?",
        memberId,
        memberId,
        memberId,
        limit);
  }

  /** Suggestions per day and outcome in the guild, from {@code from} to {@code to} included. */
  public List<Map<String, Object>> dailyOutcomes(String guildId, LocalDate from, LocalDate to) {
    return jdbc.queryForList(
        "SELECT day, outcome, suggestions FROM "
            + SuggestionRows.SCHEMA
            + ".daily_outcome"
            + " WHERE guild_id = ? AND day BETWEEN ? AND ? ORDER BY day, outcome",
        guildId,
        Date.valueOf(from),
        Date.valueOf(to));
  }

  /**
   * A page of who voted on the suggestion, in voter id order.
   *
   * @param direction only votes this way, or {@code null} for all
   */
  public List<String> voters(
      String guildId, String suggestionId, VoteDirection direction, int page, int size) {
    return jdbc.queryForList(
        "SELECT voter_id FROM "
            + SuggestionRows.SCHEMA
            + ".vote"
            + " WHERE guild_id = ? AND suggestion_id = ? AND (CAST(? AS VARCHAR) IS NULL OR direction = ?)"
            + " ORDER BY voter_id LIMIT ? OFFSET ?",
        String.class,
        guildId,
        suggestionId,
        direction == null ? null : direction.name(),
        direction == null ? null : direction.name(),
        size,
        (long) page * size);
  }
}
