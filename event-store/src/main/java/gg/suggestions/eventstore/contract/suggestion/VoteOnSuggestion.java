package gg.suggestions.eventstore.contract.suggestion;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * A member pressed a vote button: a first press votes, the other button switches, the same button
 * again withdraws.
 */
public record VoteOnSuggestion(String guildId, String suggestionId, VoteDirection direction) {

  /** The suggestion this command is for. */
  @TargetAggregateIdentifier
  public String suggestionKey() {
    return SuggestionKey.of(guildId, suggestionId);
  }
}
