package gg.suggestions.eventstore.contract.suggestion;

import gg.suggestions.eventstore.contract.Personal;
import org.axonframework.serialization.Revision;

/**
 * A submission went to the guild's queue for review instead of being published. The queue id comes
 * from the same space as sIDs: unique within the guild and never reused.
 */
@Revision("1")
public record SuggestionQueued(
    String guildId,
    String queueId,
    @Personal(of = "authorId") String authorId,
    @Personal(of = "authorId") String text,
    @Personal(of = "authorId") SuggestionImage image,
    boolean anonymous,
    QueueMode mode) {}
