package gg.suggestions.eventstore.contract.suggestion;

import gg.suggestions.eventstore.contract.Personal;
import org.axonframework.serialization.Revision;

/** A member changed their vote to the other direction. */
@Revision("1")
public record VoteSwitched(
    String guildId,
    String suggestionId,
    @Personal(of = "voterId") String voterId,
    VoteDirection direction) {}
