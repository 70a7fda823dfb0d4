package gg.suggestions.eventstore.contract.suggestion;

import gg.suggestions.eventstore.contract.Personal;
import org.axonframework.serialization.Revision;

/** A pending suggestion was approved. */
@Revision("1")
public record SuggestionApproved(
    String guildId,
    String suggestionId,
    @Personal(of = "moderatorId") String moderatorId,
    @Personal(of = "moderatorId") String response) {}
