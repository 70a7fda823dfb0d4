package gg.suggestions.gateway.command;

import gg.suggestions.eventstore.contract.suggestion.AddSuggestionNote;
import gg.suggestions.eventstore.contract.suggestion.RemoveSuggestionNote;
import java.util.List;

/** {@code /notes add sID note} and {@code /notes remove sID}. */
final class NotesCommand implements GatewayCommand {

  private final boolean add;

  private NotesCommand(boolean add) {
    this.add = add;
  }

  static NotesCommand add() {
    return new NotesCommand(true);
  }

  static NotesCommand remove() {
    return new NotesCommand(false);
  }

  @Override
  public String name() {
    return add ? "notes add" : "notes remove";
  }

  @Override
  public List<OptionSpec> options() {
    return add
        ? List.of(
            OptionSpec.suggestionId(true),
            OptionSpec.required(Options.NOTE, OptionSpec.Type.STRING))
        : List.of(OptionSpec.suggestionId(true));
  }

  @Override
  public Object toCommand(SlashRequest request) {
    String guild = request.guild();
    String sid = request.shortId(Options.SUGGESTION_ID);
    return add
        ? new AddSuggestionNote(guild, sid, request.required(Options.NOTE))
        : new RemoveSuggestionNote(guild, sid);
  }
}
