package gg.suggestions.eventstore.contract.legacy;

import gg.suggestions.eventstore.contract.Personal;
import java.time.Instant;
import org.axonframework.serialization.Revision;

/**
 * An item of the old bot's queue as it stood at the export, with its original queue id (an sID, or
 * the hex text of an ObjectId) and times.
 *
 * @param state {@code queued}, {@code approved} or {@code rejected}
 * @param channelId the queue channel's message's channel; {@code null}: the virtual queue
 * @param suggestionId the suggestion it became when approved, or {@code null}
 */
@Revision("1")
public record QueuedSuggestionImported(
    String guildId,
    String queueId,
    @Personal(of = "authorId") String authorId,
    @Personal(of = "authorId") String text,
    @Personal(of = "authorId") String imageUrl,
    boolean anonymous,
    Instant createdAt,
    String state,
    @Personal(of = "resolverId") String resolverId,
    @Personal(of = "resolverId") String response,
    Instant resolvedAt,
    String suggestionId,
    String channelId,
    String messageId) {}
