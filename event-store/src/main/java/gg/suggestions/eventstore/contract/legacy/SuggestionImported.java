package gg.suggestions.eventstore.contract.legacy;

import gg.suggestions.eventstore.contract.Personal;
import java.time.Instant;
import org.axonframework.serialization.Revision;

/**
 * A suggestion of the old bot as it stood at the export, with its original sID and times. Its
 * button votes follow as {@code VoteCast} events of the same command; reaction-era votes, which the
 * old bot kept as counts only, are the two counts here.
 *
 * @param state {@code pending}, {@code approved}, {@code rejected} or {@code cleared}
 * @param resolverId the moderator who resolved it, or {@code null} (also while pending)
 * @param response the resolution's note, or {@code null}
 * @param anonymousResolution whether the resolver was hidden (false where the old bot left it out)
 * @param noteAuthorId the moderator whose note it carries, or {@code null}
 * @param channelId where its message was at the export (the log channel after a move), or null
 */
@Revision("1")
public record SuggestionImported(
    String guildId,
    String suggestionId,
    @Personal(of = "authorId") String authorId,
    @Personal(of = "authorId") String text,
    @Personal(of = "authorId") String imageUrl,
    boolean anonymous,
    Instant createdAt,
    String state,
    @Personal(of = "resolverId") String resolverId,
    @Personal(of = "resolverId") String response,
    boolean anonymousResolution,
    Instant resolvedAt,
    @Personal(of = "noteAuthorId") String noteAuthorId,
    @Personal(of = "noteAuthorId") String note,
    String channelId,
    String messageId,
    String threadId,
    long reactionUpVotes,
    long reactionDownVotes) {}
