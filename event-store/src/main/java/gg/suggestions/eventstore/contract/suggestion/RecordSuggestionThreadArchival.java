package gg.suggestions.eventstore.contract.suggestion;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** The suggestion's thread was locked and archived. */
public record RecordSuggestionThreadArchival(String guildId, String suggestionId, String threadId) {

  /** The suggestion this command is for. */
  @TargetAggregateIdentifier
  public String suggestionKey() {
    return SuggestionKey.of(guildId, suggestionId);
  }
}
