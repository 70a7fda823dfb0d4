package gg.suggestions.command.suggestion;

import gg.suggestions.command.guildconfig.GuildConfig;
import gg.suggestions.command.guildconfig.SubmissionRules;
import gg.suggestions.command.outcome.Outcome;
import gg.suggestions.eventstore.contract.Actor;
import gg.suggestions.eventstore.contract.ErrorCode;
import gg.suggestions.eventstore.contract.suggestion.QueueMode;
import gg.suggestions.eventstore.contract.suggestion.SubmitSuggestion;
import gg.suggestions.eventstore.contract.suggestion.SuggestionImage;
import gg.suggestions.eventstore.contract.suggestion.SuggestionQueued;
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
 * Decides whether a submission becomes a suggestion, under the guild's rules, and with which sID;
 * where the guild queues suggestions, it becomes a queued item instead, with a queue id from the
 * same space. The sID derives from the command id, so a replayed command picks the same one; a
 * taken candidate gives way to the next, so an sID is never reused in its guild.
 */
public final class Submissions {

  /** The reply's result key that carries the new suggestion's sID. */
  public static final String SUGGESTION_ID = "suggestionId";

  /** The reply's result key that carries a queued submission's queue id. */
  public static final String QUEUE_ID = "queueId";

  static final long MAX_IMAGE_BYTES = 25L * 1024 * 1024;
  private static final List<String> IMAGE_EXTENSIONS =
      List.of(".png", ".jpg", ".jpeg", ".gif", ".webp");

  private final Function<String, SubmissionRules> rulesOf;
  private final Publication publication;
  private final Repository<QueuedSuggestion> queue;
  private final Predicate<String> keyUsed;
  private final Admissions admissions;
  private final Clock clock;

  /**
   * @param rulesOf a guild's submission rules, by guild id
   * @param publication publishes a suggestion the guild does not queue
   * @param queue where a suggestion the guild queues waits for review
   * @param keyUsed whether an aggregate key was ever used, committed or earlier in the open batch
   * @param admissions the guild's suggestion limit
   * @param clock when a submission is admitted
   */
  public Submissions(
      Function<String, SubmissionRules> rulesOf,
      Publication publication,
      Repository<QueuedSuggestion> queue,
      Predicate<String> keyUsed,
      Admissions admissions,
      Clock clock) {
    this.rulesOf = rulesOf;
    this.publication = publication;
    this.queue = queue;
    this.keyUsed = keyUsed;
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
    SubmissionRules rules = rulesOf.apply(command.guildId());
    Optional<Outcome> refusal = refusal(command, author, text, rules);
    if (refusal.isPresent()) {
      return refusal.get();
    }
    String guildId = command.guildId();
    String id = ShortIds.firstFreeIn(guildId, commandId, keyUsed);
    Outcome admitted = admissions.admit(guildId, author.userId(), id, clock.instant());
    if (admitted instanceof Outcome.Refused) {
      return admitted;
    }
    if (rules.queueMode() != null) {
      var queued =
          new SuggestionQueued(
              guildId,
              id,
              author.userId(),
              text,
              command.image(),
              command.anonymous(),
              rules.queueMode());
      queue.newInstance(() -> new QueuedSuggestion(queued));
      return Outcome.accepted(Map.of(QUEUE_ID, id));
    }
    publication.publish(
        new SuggestionSubmitted(
            guildId, id, author.userId(), text, command.image(), command.anonymous()),
        null);
    return Outcome.accepted(Map.of(SUGGESTION_ID, id));
  }

  /** A literal {@code \n} typed by the user is a newline; the ends are trimmed. */
  static String normalised(String text) {
    return text == null ? "" : text.replace("\\n", "\n").strip();
  }

  private static Optional<Outcome> refusal(
      SubmitSuggestion command, Actor author, String text, SubmissionRules rules) {
    if (text.isEmpty()) {
      return Optional.of(Outcome.refused(ErrorCode.SUGGESTION_EMPTY, null));
    }
    if (text.length() > Suggestion.MAX_TEXT) {
      return Optional.of(
          Outcome.refused(
              ErrorCode.SUGGESTION_TOO_LONG, "It has " + text.length() + " characters."));
    }
    if (!rules.hasSuggestionsChannel()) {
      return Optional.of(Outcome.refused(ErrorCode.NO_SUGGESTIONS_CHANNEL, null));
    }
    if (rules.queueMode() == QueueMode.CHANNEL && !rules.hasQueueChannel()) {
      return Optional.of(Outcome.refused(ErrorCode.NO_QUEUE_CHANNEL, null));
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
