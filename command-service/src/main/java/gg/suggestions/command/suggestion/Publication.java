package gg.suggestions.command.suggestion;

import gg.suggestions.eventstore.contract.suggestion.SuggestionNoteAdded;
import gg.suggestions.eventstore.contract.suggestion.SuggestionSubmitted;
import org.axonframework.modelling.command.Repository;

/**
 * Brings a new pending suggestion into being, in the open unit of work: from a submission, or from
 * an approved queue item, whose approval response becomes the note.
 */
@FunctionalInterface
public interface Publication {

  /**
   * @param note the suggestion's first note, or {@code null}
   */
  void publish(SuggestionSubmitted submitted, SuggestionNoteAdded note) throws Exception;

  /** Publishes into the suggestions' repository. */
  static Publication into(Repository<Suggestion> suggestions) {
    return (submitted, note) -> suggestions.newInstance(() -> new Suggestion(submitted, note));
  }
}
