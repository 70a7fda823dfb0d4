package gg.suggestions.eventstore.contract.suggestion;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** The suggestion's Discord message was deleted. */
public record RecordSuggestionMessageDeletion(
    String guildId, String suggestionId, String messageId) {

  /** The suggestion this command is for. */
  @TargetAggregateIdentifier
  public String suggestionKey() {
    return SuggestionKey.of(guildId, suggestionId);
  }
}
