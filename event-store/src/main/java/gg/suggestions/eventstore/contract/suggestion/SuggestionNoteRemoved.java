package gg.suggestions.eventstore.contract.suggestion;

import gg.suggestions.eventstore.contract.Personal;
import org.axonframework.serialization.Revision;

/** A suggestion's moderator note was removed; it is gone from every view. */
@Revision("1")
public record SuggestionNoteRemoved(
    String guildId, String suggestionId, @Personal(of = "moderatorId") String moderatorId) {}
