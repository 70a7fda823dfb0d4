package gg.suggestions.eventstore.contract.suggestion;

import org.axonframework.serialization.Revision;

/** A member changed their vote to the other direction. */
@Revision("1")
public record VoteSwitched(
    String guildId, String suggestionId, String voterId, VoteDirection direction) {}
