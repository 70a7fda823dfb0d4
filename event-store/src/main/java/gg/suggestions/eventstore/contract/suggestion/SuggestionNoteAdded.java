package gg.suggestions.eventstore.contract.suggestion;

import org.axonframework.serialization.Revision;

/** A moderator note was put on a suggestion. */
@Revision("1")
public record SuggestionNoteAdded(
    String guildId, String suggestionId, String moderatorId, String note) {}
