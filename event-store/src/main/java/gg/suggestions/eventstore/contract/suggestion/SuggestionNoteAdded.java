package gg.suggestions.eventstore.contract.suggestion;

import gg.suggestions.eventstore.contract.Personal;
import org.axonframework.serialization.Revision;

/** A moderator note was put on a suggestion. */
@Revision("1")
public record SuggestionNoteAdded(
    String guildId,
    String suggestionId,
    @Personal(of = "moderatorId") String moderatorId,
    @Personal(of = "moderatorId") String note) {}
