package gg.suggestions.eventstore.contract.suggestion;

import gg.suggestions.eventstore.contract.ModeratorCommand;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Approves a pending suggestion (moderator), with an optional response. {@code suggestionId} may
 * also be a queue id: the queued item is then published as a new suggestion.
 */
public record ApproveSuggestion(String guildId, String suggestionId, String response)
    implements ModeratorCommand {

  /** The suggestion this command is for. */
  @TargetAggregateIdentifier
  public String suggestionKey() {
    return SuggestionKey.of(guildId, suggestionId);
  }
}
