package gg.suggestions.eventstore.contract.suggestion;

import gg.suggestions.eventstore.contract.ModeratorCommand;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Removes the suggestion's moderator note (moderator). */
public record RemoveSuggestionNote(String guildId, String suggestionId)
    implements ModeratorCommand {

  /** The suggestion this command is for. */
  @TargetAggregateIdentifier
  public String suggestionKey() {
    return SuggestionKey.of(guildId, suggestionId);
  }
}
