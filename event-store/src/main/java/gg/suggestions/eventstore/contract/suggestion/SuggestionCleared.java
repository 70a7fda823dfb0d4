package gg.suggestions.eventstore.contract.suggestion;

import gg.suggestions.eventstore.contract.Personal;
import org.axonframework.serialization.Revision;

/** A suggestion was cleared. */
@Revision("1")
public record SuggestionCleared(
    String guildId,
    String suggestionId,
    @Personal(of = "moderatorId") String moderatorId,
    @Personal(of = "moderatorId") String response) {}
