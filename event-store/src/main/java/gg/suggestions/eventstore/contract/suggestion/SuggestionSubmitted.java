package gg.suggestions.eventstore.contract.suggestion;

import org.axonframework.serialization.Revision;

/**
 * A suggestion was submitted and is pending. The sID is unique within the guild and never reused.
 */
@Revision("1")
public record SuggestionSubmitted(
    String guildId,
    String suggestionId,
    String authorId,
    String text,
    SuggestionImage image,
    boolean anonymous) {}
