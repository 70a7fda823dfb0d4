package gg.suggestions.eventstore.contract.suggestion;

import org.axonframework.serialization.Revision;

/** A member took their vote back. */
@Revision("1")
public record VoteWithdrawn(String guildId, String suggestionId, String voterId) {}
