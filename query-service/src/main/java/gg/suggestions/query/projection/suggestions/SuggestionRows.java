package gg.suggestions.query.projection.suggestions;

import gg.suggestions.eventstore.contract.suggestion.SuggestionImage;
import gg.suggestions.eventstore.contract.suggestion.VoteDirection;
import gg.suggestions.query.projection.store.Counter;
import gg.suggestions.query.projection.store.MemberColumns;
import gg.suggestions.query.projection.store.Table;
import gg.suggestions.query.projection.suggestions.SuggestionRow.Discord;
import gg.suggestions.query.projection.suggestions.SuggestionRow.Note;
import gg.suggestions.query.projection.suggestions.SuggestionRow.Resolution;
import gg.suggestions.query.projection.suggestions.SuggestionRow.State;
import gg.suggestions.query.projection.suggestions.SuggestionRow.Submission;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/** The tables of the suggestions projection, in schema {@value #SCHEMA}, for both its stores. */
final class SuggestionRows {

  static final String SCHEMA = "p_suggestions";

  /** Each suggestion, guarded by the sequence of the last event applied. */
  static final Table<SuggestionRow> SUGGESTION =
      new Table<>(
          "suggestion",
          List.of(
              "guild_id",
              "suggestion_id",
              "author_id",
              "text",
              "image_url",
              "image_file_name",
              "image_size_bytes",
              "anonymous",
              "state",
              "up_votes",
              "down_votes",
              "note",
              "note_by",
              "resolved_by",
              "response",
              "resolved_at",
              "channel_id",
              "message_id",
              "thread_id",
              "thread_archived",
              "submitted_at",
              "last_sequence"),
          2,
          row -> List.of(row.submission().guildId(), row.submission().suggestionId()),
          SuggestionRows::values,
          (rs, i) -> row(rs),
          Set.of(),
          "last_sequence");

  /** A member's vote on a suggestion. */
  record Vote(String guildId, String suggestionId, String voterId, VoteDirection direction) {}

  /** Each member's current vote on each suggestion. */
  static final Table<Vote> VOTE =
      new Table<>(
          "vote",
          List.of("guild_id", "suggestion_id", "voter_id", "direction"),
          3,
          vote -> List.of(vote.guildId(), vote.suggestionId(), vote.voterId()),
          vote ->
              new Object[] {
                vote.guildId(), vote.suggestionId(), vote.voterId(), vote.direction().name()
              },
          (rs, i) ->
              new Vote(
                  rs.getString("guild_id"),
                  rs.getString("suggestion_id"),
                  rs.getString("voter_id"),
                  VoteDirection.valueOf(rs.getString("direction"))),
          Set.of(),
          null);

  /** Where a member is (docs/privacy.md): author, note author, resolver, voter. */
  static final List<MemberColumns> MEMBERS =
      List.of(
          MemberColumns.of(
              "suggestion", "author_id", List.of("text", "image_url", "image_file_name")),
          MemberColumns.of("suggestion", "note_by", List.of("note")),
          MemberColumns.of("suggestion", "resolved_by", List.of("response")),
          new MemberColumns(
              "vote",
              "voter_id",
              List.of(),
              List.of("guild_id", "suggestion_id", "voter_id"),
              List.of()));

  /** Per day (UTC), guild and outcome, how many suggestions were submitted, approved, ... */
  static final Counter DAILY_OUTCOME =
      new Counter("daily_outcome", List.of("day", "guild_id", "outcome"), List.of("suggestions"));

  private SuggestionRows() {}

  static SuggestionRow row(ResultSet rs) throws SQLException {
    String imageUrl = rs.getString("image_url");
    var image =
        imageUrl == null
            ? null
            : new SuggestionImage(
                imageUrl, rs.getString("image_file_name"), rs.getLong("image_size_bytes"));
    var submission =
        new Submission(
            rs.getString("guild_id"),
            rs.getString("suggestion_id"),
            rs.getString("author_id"),
            rs.getString("text"),
            image,
            rs.getBoolean("anonymous"),
            instant(rs, "submitted_at"));
    String note = rs.getString("note");
    String resolvedBy = rs.getString("resolved_by");
    return new SuggestionRow(
        submission,
        State.valueOf(rs.getString("state")),
        rs.getInt("up_votes"),
        rs.getInt("down_votes"),
        note == null ? null : new Note(note, rs.getString("note_by")),
        resolvedBy == null
            ? null
            : new Resolution(resolvedBy, rs.getString("response"), instant(rs, "resolved_at")),
        new Discord(
            rs.getString("channel_id"),
            rs.getString("message_id"),
            rs.getString("thread_id"),
            rs.getBoolean("thread_archived")),
        rs.getLong("last_sequence"));
  }

  static Object[] values(SuggestionRow row) {
    Submission s = row.submission();
    SuggestionImage image = s.image();
    Note note = row.note();
    Resolution resolution = row.resolution();
    Discord discord = row.discord();
    return new Object[] {
      s.guildId(),
      s.suggestionId(),
      s.authorId(),
      s.text(),
      image == null ? null : image.url(),
      image == null ? null : image.fileName(),
      image == null ? null : image.sizeBytes(),
      s.anonymous(),
      row.state().name(),
      row.upVotes(),
      row.downVotes(),
      note == null ? null : note.text(),
      note == null ? null : note.moderatorId(),
      resolution == null ? null : resolution.moderatorId(),
      resolution == null ? null : resolution.response(),
      resolution == null ? null : timestamp(resolution.at()),
      discord.channelId(),
      discord.messageId(),
      discord.threadId(),
      discord.threadArchived(),
      timestamp(s.submittedAt()),
      row.lastSequence()
    };
  }

  private static Timestamp timestamp(Instant at) {
    return at == null ? null : Timestamp.from(at);
  }

  private static Instant instant(ResultSet rs, String column) throws SQLException {
    Timestamp at = rs.getTimestamp(column);
    return at == null ? null : at.toInstant();
  }
}
