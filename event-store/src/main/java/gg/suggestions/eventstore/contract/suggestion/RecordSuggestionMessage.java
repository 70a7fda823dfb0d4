package gg.suggestions.eventstore.contract.suggestion;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * The gateway posted the suggestion's message (or its resolved copy): records where, so the Discord
 * id is an event too.
 */
public record RecordSuggestionMessage(
    String guildId, String suggestionId, String channelId, String messageId) {

  /** The suggestion this command is for. */
  @TargetAggregateIdentifier
  public String suggestionKey() {
    return SuggestionKey.of(guildId, suggestionId);
  }
}
