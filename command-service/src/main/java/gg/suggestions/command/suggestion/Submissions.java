package gg.suggestions.command.suggestion;

import gg.suggestions.command.guildconfig.GuildConfig;
import gg.suggestions.command.outcome.Outcome;
import gg.suggestions.eventstore.contract.Actor;
import gg.suggestions.eventstore.contract.ErrorCode;
import gg.suggestions.eventstore.contract.guildconfig.GuildChannel;
import gg.suggestions.eventstore.contract.guildconfig.GuildToggle;
import gg.suggestions.eventstore.contract.suggestion.SubmitSuggestion;
import gg.suggestions.eventstore.contract.suggestion.SuggestionKey;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.messaging.annotation.MetaDataValue;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.modelling.command.Repository;

/**
 * Decides whether a submission becomes a suggestion, under the guild's rules, and with which sID.
 * The sID derives from the command id, so a replayed command picks the same one; a taken candidate
 * gives way to the next, so an sID is never reused in its guild.
 */
public final class Submissions {

  /** The reply's result key that carries the new suggestion's sID. */
  public static final String SUGGESTION_ID = "suggestionId";

  private final Repository<GuildConfig> guildConfigs;
  private final Repository<Suggestion> suggestions;
  private final Predicate<String> suggestionExists;

  /**
   * @param suggestionExists whether a suggestion key was ever used, committed or earlier in the
   *     open batch
   */
  public Submissions(
      Repository<GuildConfig> guildConfigs,
      Repository<Suggestion> suggestions,
      Predicate<String> suggestionExists) {
    this.guildConfigs = guildConfigs;
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
    Optional<GuildConfig> guild = guildConfig(command.guildId());
    if (guild.isEmpty() || !guild.get().hasChannel(GuildChannel.SUGGESTIONS)) {
      return Optional.of(Outcome.refused(ErrorCode.NO_SUGGESTIONS_CHANNEL, null));
    }
    if (command.anonymous() && !guild.get().isOn(GuildToggle.ANONYMOUS_SUGGESTIONS)) {
      return Optional.of(Outcome.refused(ErrorCode.ANONYMITY_DISABLED, null));
    }
    return Optional.empty();
  }

  private Optional<GuildConfig> guildConfig(String guildId) {
    try {
      return Optional.of(guildConfigs.load(guildId).invoke(config -> config));
    } catch (AggregateNotFoundException notConfigured) {
      return Optional.empty();
    }
  }
}
