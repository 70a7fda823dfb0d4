package gg.suggestions.eventstore.contract.suggestion;

import gg.suggestions.eventstore.contract.ModeratorCommand;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Sets the suggestion's one moderator note (moderator), replacing any earlier note. */
public record AddSuggestionNote(String guildId, String suggestionId, String note)
    implements ModeratorCommand {

  /** The suggestion this command is for. */
  @TargetAggregateIdentifier
  public String suggestionKey() {
    return SuggestionKey.of(guildId, suggestionId);
  }
}
