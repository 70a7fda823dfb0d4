package gg.suggestions.eventstore.contract.suggestion;

import gg.suggestions.eventstore.contract.Personal;
import org.axonframework.serialization.Revision;

/** A member took their vote back. */
@Revision("1")
public record VoteWithdrawn(
    String guildId, String suggestionId, @Personal(of = "voterId") String voterId) {}
