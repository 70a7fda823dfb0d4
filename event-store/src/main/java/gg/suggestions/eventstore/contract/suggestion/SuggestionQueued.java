package gg.suggestions.eventstore.contract.suggestion;

import org.axonframework.serialization.Revision;

/**
 * A submission went to the guild's queue for review instead of being published. The queue id comes
 * from the same space as sIDs: unique within the guild and never reused.
 */
@Revision("1")
public record SuggestionQueued(
    String guildId,
    String queueId,
    String authorId,
    String text,
    SuggestionImage image,
    boolean anonymous,
    QueueMode mode) {}
