package gg.suggestions.eventstore.contract.suggestion;

import gg.suggestions.eventstore.contract.Personal;
import org.axonframework.serialization.Revision;

/** A member voted. */
@Revision("1")
public record VoteCast(
    String guildId,
    String suggestionId,
    @Personal(of = "voterId") String voterId,
    VoteDirection direction) {}
