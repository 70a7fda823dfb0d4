package gg.suggestions.query.projection.suggestions;

import gg.suggestions.eventstore.contract.suggestion.SuggestionImage;
import gg.suggestions.eventstore.contract.suggestion.VoteDirection;
import java.time.Instant;

/**
 * One suggestion as the read side shows it. Immutable: {@link SuggestionsProjection} makes each
 * change with its {@code with} and {@code counted} methods.
 *
 * @param note the moderator note, or {@code null}
 * @param resolution who resolved or cleared it, or {@code null} while pending
 * @param lastSequence the aggregate sequence of the last event applied
 */
public record SuggestionRow(
    Submission submission,
    State state,
    int upVotes,
    int downVotes,
    Note note,
    Resolution resolution,
    Discord discord,
    long lastSequence) {

  /** A suggestion's states: pending, then approved or rejected; any state, then cleared. */
  public enum State {
    PENDING,
    APPROVED,
    REJECTED,
    CLEARED
  }

  /** What the author submitted; never changes. */
  public record Submission(
      String guildId,
      String suggestionId,
      String authorId,
      String text,
      SuggestionImage image,
      boolean anonymous,
      Instant submittedAt) {}

  public record Note(String text, String moderatorId) {}

  public record Resolution(String moderatorId, String response, Instant at) {}

  /** Where it lives on Discord; every id may be {@code null}. */
  public record Discord(
      String channelId, String messageId, String threadId, boolean threadArchived) {

    static final Discord NOWHERE = new Discord(null, null, null, false);

    /** The same thread, with the suggestion's message at {@code messageId} (or nowhere). */
    Discord at(String channelId, String messageId) {
      return new Discord(channelId, messageId, threadId, threadArchived);
    }

    /** The same message, with its thread {@code threadId}. */
    Discord inThread(String threadId, boolean archived) {
      return new Discord(channelId, messageId, threadId, archived);
    }
  }

  SuggestionRow counted(VoteDirection before, VoteDirection after) {
    return new SuggestionRow(
        submission,
        state,
        upVotes - count(before, VoteDirection.UP) + count(after, VoteDirection.UP),
        downVotes - count(before, VoteDirection.DOWN) + count(after, VoteDirection.DOWN),
        note,
        resolution,
        discord,
        lastSequence);
  }

  SuggestionRow with(State state, Resolution resolution) {
    return new SuggestionRow(
        submission, state, upVotes, downVotes, note, resolution, discord, lastSequence);
  }

  SuggestionRow with(Note note) {
    return new SuggestionRow(
        submission, state, upVotes, downVotes, note, resolution, discord, lastSequence);
  }

  SuggestionRow with(Discord discord) {
    return new SuggestionRow(
        submission, state, upVotes, downVotes, note, resolution, discord, lastSequence);
  }

  SuggestionRow at(long sequence) {
    return new SuggestionRow(
        submission, state, upVotes, downVotes, note, resolution, discord, sequence);
  }

  private static int count(VoteDirection vote, VoteDirection direction) {
    return vote == direction ? 1 : 0;
  }
}
