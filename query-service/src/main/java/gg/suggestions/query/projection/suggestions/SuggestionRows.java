package gg.suggestions.query.projection.suggestions;

import gg.suggestions.eventstore.contract.suggestion.SuggestionImage;
import gg.suggestions.eventstore.contract.suggestion.VoteDirection;
import gg.suggestions.query.projection.suggestions.SuggestionRow.Discord;
import gg.suggestions.query.projection.suggestions.SuggestionRow.Note;
import gg.suggestions.query.projection.suggestions.SuggestionRow.Resolution;
import gg.suggestions.query.projection.suggestions.SuggestionRow.State;
import gg.suggestions.query.projection.suggestions.SuggestionRow.Submission;
import java.sql.Date;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The tables of the suggestions projection, in schema {@value #SCHEMA}. Every statement joins the
 * transaction of the caller: the processor's, which also stores its token.
 */
final class SuggestionRows {

  static final String SCHEMA = "p_suggestions";

  static final String COLUMNS =
      "guild_id, suggestion_id, author_id, text, image_url, image_file_name, image_size_bytes,"
          + " anonymous, state, up_votes, down_votes, note, note_by, resolved_by, response,"
          + " resolved_at, channel_id, message_id, thread_id, thread_archived, submitted_at,"
          + " last_sequence";

  private static final String UPDATED =
      String.join(
          ", ",
          java.util.Arrays.stream(COLUMNS.split(",\\s*"))
              .filter(c -> !c.equals("guild_id") && !c.equals("suggestion_id"))
              .map(c -> c + " = EXCLUDED." + c)
              .toList());

  private final JdbcTemplate jdbc;
  private final String schema;

  /**
   * @param schema {@value #SCHEMA}, or the shadow schema a rebuild fills
   */
  SuggestionRows(JdbcTemplate jdbc, String schema) {
    this.jdbc = jdbc;
    this.schema = schema;
  }

  Optional<SuggestionRow> find(String guildId, String suggestionId) {
    List<SuggestionRow> rows =
        jdbc.query(
            "SELECT "
                + COLUMNS
                + " FROM "
                + schema
                + ".suggestion"
                + " WHERE guild_id = ? AND suggestion_id = ?",
            (rs, i) -> row(rs),
            guildId,
            suggestionId);
    return rows.stream().findFirst();
  }

  /**
   * Upserts the row with a sequence guard: a row that already holds this event or a later one (a
   * redelivery) is left as it is.
   */
  void save(SuggestionRow row) {
    jdbc.update(
        "INSERT INTO "
            + schema
            + ".suggestion AS s ("
            + COLUMNS
            + ")"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
            + " ON CONFLICT (guild_id, suggestion_id) DO UPDATE SET "
            + UPDATED
            + " WHERE s.last_sequence < EXCLUDED.last_sequence",
        values(row));
  }

  /** Counts one more suggestion of the guild with {@code outcome} on the day of {@code at}. */
  void count(String guildId, String outcome, Instant at) {
    jdbc.update(
        "INSERT INTO "
            + schema
            + ".daily_outcome AS d (day, guild_id, outcome, suggestions)"
            + " VALUES (?, ?, ?, 1) ON CONFLICT (day, guild_id, outcome)"
            + " DO UPDATE SET suggestions = d.suggestions + 1",
        Date.valueOf(LocalDate.ofInstant(at, ZoneOffset.UTC)),
        guildId,
        outcome);
  }

  /** The member's vote on the suggestion, or {@code null}. */
  VoteDirection voteOf(String guildId, String suggestionId, String voterId) {
    List<String> votes =
        jdbc.queryForList(
            "SELECT direction FROM "
                + schema
                + ".vote"
                + " WHERE guild_id = ? AND suggestion_id = ? AND voter_id = ?",
            String.class,
            guildId,
            suggestionId,
            voterId);
    return votes.isEmpty() ? null : VoteDirection.valueOf(votes.get(0));
  }

  /** Records the member's vote; {@code null} removes it. */
  void setVote(String guildId, String suggestionId, String voterId, VoteDirection direction) {
    if (direction == null) {
      jdbc.update(
          "DELETE FROM "
              + schema
              + ".vote"
              + " WHERE guild_id = ? AND suggestion_id = ? AND voter_id = ?",
          guildId,
          suggestionId,
          voterId);
    } else {
      jdbc.update(
          "INSERT INTO "
              + schema
              + ".vote (guild_id, suggestion_id, voter_id, direction)"
              + " VALUES (?, ?, ?, ?) ON CONFLICT (guild_id, suggestion_id, voter_id)"
              + " DO UPDATE SET direction = EXCLUDED.direction",
          guildId,
          suggestionId,
          voterId,
          direction.name());
    }
  }

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
