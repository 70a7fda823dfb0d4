package gg.suggestions.query.legacy;

import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * What the old bot's documents say, read and checked: the facts an import writes as history. Ids
 * are Discord snowflakes as decimal text, the old sIDs and queue ids as they were; times are
 * instants, the old naive local times read in the zone the operator names.
 */
public final class LegacyFacts {

  private LegacyFacts() {}

  /** What a member submitted, to the suggestions or to the queue. */
  public record Submission(
      String guildId,
      String authorId,
      String text,
      String imageUrl,
      boolean anonymous,
      Instant createdAt) {}

  /**
   * A suggestion with its votes. Of a member in both vote lists, neither vote is kept (the old
   * bot's whole-array writes could leave both); a suggestion of the reaction era keeps its counts.
   */
  public record Suggestion(
      String suggestionId,
      Submission submission,
      String state,
      String resolvedBy,
      String response,
      Boolean anonymousResolution,
      Instant resolvedAt,
      String note,
      String noteBy,
      String channelId,
      String messageId,
      String threadId,
      Set<String> upVoters,
      Set<String> downVoters,
      long reactionUpVotes,
      long reactionDownVotes) {}

  /** An item of a guild's queue: waiting, approved (into {@code suggestionId}) or rejected. */
  public record QueuedItem(
      String queueId,
      Submission submission,
      boolean waiting,
      String channelId,
      String messageId,
      String resolvedBy,
      Instant resolvedAt,
      String response,
      String suggestionId) {}

  /** A guild's settings, with the old defaults for what its document leaves out. */
  public record GuildConfig(
      String guildId,
      boolean keepLogs,
      boolean dmMessagesDisabled,
      String logChannelId,
      String queuedChannelId,
      String queuedLogChannelId,
      boolean threadsForSuggestions,
      String suggestionsChannelId,
      boolean anonymousSuggestions,
      boolean autoArchiveThreads,
      boolean usesSuggestionQueue,
      boolean virtualSuggestionQueue,
      boolean imagesInSuggestions,
      boolean anonymousResolutions,
      List<String> blockedUsers,
      boolean pingOnThreadCreation) {}

  /** A member's own settings, across guilds. */
  public record UserConfig(
      String userId, boolean dmMessagesDisabled, boolean pingOnThreadCreation) {}

  /**
   * One command a member used, from the statistics: its locale (locale tracking) or its name and
   * whether it completed (member statistics).
   *
   * @param guildId null outside a guild
   * @param command null where the old bot did not record it (locale tracking)
   * @param locale null where the old bot did not record it (member statistics)
   */
  public record Interaction(
      String guildId,
      String actorId,
      String command,
      String locale,
      boolean completed,
      Instant at) {}
}
