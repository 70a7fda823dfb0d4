package gg.suggestions.eventstore.contract.suggestion;

import gg.suggestions.eventstore.contract.ModeratorCommand;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Clears a suggestion in any state (moderator): its message goes, it takes no more votes. {@code
 * suggestionId} may also be a queue id: the item leaves the queue.
 */
public record ClearSuggestion(String guildId, String suggestionId, String response)
    implements ModeratorCommand {

  /** The suggestion this command is for. */
  @TargetAggregateIdentifier
  public String suggestionKey() {
    return SuggestionKey.of(guildId, suggestionId);
  }
}
