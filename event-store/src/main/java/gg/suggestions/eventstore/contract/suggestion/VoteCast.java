package gg.suggestions.eventstore.contract.suggestion;

import org.axonframework.serialization.Revision;

/** A member voted. */
@Revision("1")
public record VoteCast(
    String guildId, String suggestionId, String voterId, VoteDirection direction) {}
