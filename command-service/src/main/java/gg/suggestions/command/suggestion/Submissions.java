package gg.suggestions.command.suggestion;

import gg.suggestions.command.guildconfig.GuildConfig;
import gg.suggestions.command.guildconfig.SubmissionRules;
import gg.suggestions.command.outcome.Outcome;
import gg.suggestions.eventstore.contract.Actor;
import gg.suggestions.eventstore.contract.ErrorCode;
import gg.suggestions.eventstore.contract.suggestion.SubmitSuggestion;
import gg.suggestions.eventstore.contract.suggestion.SuggestionKey;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.messaging.annotation.MetaDataValue;
import org.axonframework.modelling.command.Repository;

/**
 * Decides whether a submission becomes a suggestion, under the guild's rules, and with which sID.
 * The sID derives from the command id, so a replayed command picks the same one; a taken candidate
 * gives way to the next, so an sID is never reused in its guild.
 */
public final class Submissions {

  /** The reply's result key that carries the new suggestion's sID. */
  public static final String SUGGESTION_ID = "suggestionId";

  private final Function<String, SubmissionRules> rulesOf;
  private final Repository<Suggestion> suggestions;
  private final Predicate<String> suggestionExists;

  /**
   * @param rulesOf a guild's submission rules, by guild id
   * @param suggestionExists whether a suggestion key was ever used, committed or earlier in the
   *     open batch
   */
  public Submissions(
      Function<String, SubmissionRules> rulesOf,
      Repository<Suggestion> suggestions,
      Predicate<String> suggestionExists) {
    this.rulesOf = rulesOf;
    this.suggestions = suggestions;
    this.suggestionExists = suggestionExists;
  }

  @CommandHandler
  public Outcome handle(
      SubmitSuggestion command,
      @MetaDataValue(GuildConfig.ACTOR) Actor author,
      @MetaDataValue("commandId") String commandId)
      throws Exception {
    String text = normalised(command.text());
    Optional<Outcome> refusal = refusal(command, text);
    if (refusal.isPresent()) {
      return refusal.get();
    }
    String guildId = command.guildId();
    String suggestionId =
        ShortIds.firstFree(commandId, id -> suggestionExists.test(SuggestionKey.of(guildId, id)));
    suggestions.newInstance(
        () -> new Suggestion(guildId, suggestionId, author.userId(), text, command.anonymous()));
    return Outcome.accepted(Map.of(SUGGESTION_ID, suggestionId));
  }

  /** A literal {@code \n} typed by the user is a newline; the ends are trimmed. */
  static String normalised(String text) {
    return text == null ? "" : text.replace("\\n", "\n").strip();
  }

  private Optional<Outcome> refusal(SubmitSuggestion command, String text) {
    if (text.isEmpty()) {
      return Optional.of(Outcome.refused(ErrorCode.SUGGESTION_EMPTY, null));
    }
    if (text.length() > Suggestion.MAX_TEXT) {
      return Optional.of(
          Outcome.refused(
              ErrorCode.SUGGESTION_TOO_LONG, "It has " + text.length() + " characters."));
    }
    SubmissionRules rules = rulesOf.apply(command.guildId());
    if (!rules.hasSuggestionsChannel()) {
      return Optional.of(Outcome.refused(ErrorCode.NO_SUGGESTIONS_CHANNEL, null));
    }
    if (command.anonymous() && !rules.allowsAnonymity()) {
      return Optional.of(Outcome.refused(ErrorCode.ANONYMITY_DISABLED, null));
    }
    return Optional.empty();
  }
}
