package gg.suggestions.eventstore.contract.suggestion;

import gg.suggestions.eventstore.contract.Personal;
import org.axonframework.serialization.Revision;

/**
 * A suggestion was submitted and is pending. The sID is unique within the guild and never reused.
 */
@Revision("1")
public record SuggestionSubmitted(
    String guildId,
    String suggestionId,
    @Personal(of = "authorId") String authorId,
    @Personal(of = "authorId") String text,
    @Personal(of = "authorId") SuggestionImage image,
    boolean anonymous) {}
