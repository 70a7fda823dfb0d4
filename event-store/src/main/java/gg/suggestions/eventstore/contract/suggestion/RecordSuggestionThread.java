package gg.suggestions.eventstore.contract.suggestion;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** The gateway created the suggestion's discussion thread. */
public record RecordSuggestionThread(String guildId, String suggestionId, String threadId) {

  /** The suggestion this command is for. */
  @TargetAggregateIdentifier
  public String suggestionKey() {
    return SuggestionKey.of(guildId, suggestionId);
  }
}
