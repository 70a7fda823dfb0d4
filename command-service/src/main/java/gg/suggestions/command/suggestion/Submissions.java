package gg.suggestions.command.suggestion;

import gg.suggestions.command.guildconfig.GuildConfig;
import gg.suggestions.command.guildconfig.SubmissionRules;
import gg.suggestions.command.outcome.Outcome;
import gg.suggestions.eventstore.contract.Actor;
import gg.suggestions.eventstore.contract.ErrorCode;
import gg.suggestions.eventstore.contract.suggestion.SubmitSuggestion;
import gg.suggestions.eventstore.contract.suggestion.SuggestionImage;
import gg.suggestions.eventstore.contract.suggestion.SuggestionKey;
import gg.suggestions.eventstore.contract.suggestion.SuggestionSubmitted;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
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

  static final long MAX_IMAGE_BYTES = 25L * 1024 * 1024;
  private static final List<String> IMAGE_EXTENSIONS =
      List.of(".png", ".jpg", ".jpeg", ".gif", ".webp");

  private final Function<String, SubmissionRules> rulesOf;
  private final Repository<Suggestion> suggestions;
  private final Predicate<String> suggestionExists;
  private final Admissions admissions;
  private final Clock clock;

  /**
   * @param rulesOf a guild's submission rules, by guild id
   * @param suggestionExists whether a suggestion key was ever used, committed or earlier in the
   *     open batch
   * @param admissions the guild's suggestion limit
   * @param clock when a submission is admitted
   */
  public Submissions(
      Function<String, SubmissionRules> rulesOf,
      Repository<Suggestion> suggestions,
      Predicate<String> suggestionExists,
      Admissions admissions,
      Clock clock) {
    this.rulesOf = rulesOf;
    this.suggestions = suggestions;
    this.suggestionExists = suggestionExists;
    this.admissions = admissions;
    this.clock = clock;
  }

  @CommandHandler
  public Outcome handle(
      SubmitSuggestion command,
      @MetaDataValue(GuildConfig.ACTOR) Actor author,
      @MetaDataValue("commandId") String commandId)
      throws Exception {
    String text = normalised(command.text());
    Optional<Outcome> refusal = refusal(command, author, text);
    if (refusal.isPresent()) {
      return refusal.get();
    }
    String guildId = command.guildId();
    String suggestionId =
        ShortIds.firstFree(commandId, id -> suggestionExists.test(SuggestionKey.of(guildId, id)));
    Outcome admitted = admissions.admit(guildId, author.userId(), suggestionId, clock.instant());
    if (admitted instanceof Outcome.Refused) {
      return admitted;
    }
    var submitted =
        new SuggestionSubmitted(
            guildId, suggestionId, author.userId(), text, command.image(), command.anonymous());
    suggestions.newInstance(() -> new Suggestion(submitted));
    return Outcome.accepted(Map.of(SUGGESTION_ID, suggestionId));
  }

  /** A literal {@code \n} typed by the user is a newline; the ends are trimmed. */
  static String normalised(String text) {
    return text == null ? "" : text.replace("\\n", "\n").strip();
  }

  private Optional<Outcome> refusal(SubmitSuggestion command, Actor author, String text) {
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
    if (rules.isBlocked(author.userId())) {
      return Optional.of(Outcome.refused(ErrorCode.BLOCKLISTED, null));
    }
    if (command.anonymous() && !rules.allowsAnonymity()) {
      return Optional.of(Outcome.refused(ErrorCode.ANONYMITY_DISABLED, null));
    }
    return command.image() == null ? Optional.empty() : imageRefusal(command.image(), rules);
  }

  /** One attachment under 25 MiB, of type png, jpeg, gif or webp, where images are allowed. */
  private static Optional<Outcome> imageRefusal(SuggestionImage image, SubmissionRules rules) {
    if (!rules.allowsImages()) {
      return Optional.of(Outcome.refused(ErrorCode.IMAGES_DISABLED, null));
    }
    if (image.sizeBytes() >= MAX_IMAGE_BYTES) {
      return Optional.of(
          Outcome.refused(
              ErrorCode.IMAGE_TOO_LARGE,
              String.format(Locale.ROOT, "It has %.1f MiB.", image.sizeBytes() / 1048576.0)));
    }
    String name = image.fileName() == null ? "" : image.fileName().toLowerCase(Locale.ROOT);
    if (IMAGE_EXTENSIONS.stream().noneMatch(name::endsWith)
        || image.url() == null
        || !image.url().startsWith("https://")) {
      return Optional.of(Outcome.refused(ErrorCode.IMAGE_WRONG_TYPE, null));
    }
    return Optional.empty();
  }
}
