package gg.suggestions.command.suggestion;

import gg.suggestions.command.guildconfig.GuildConfig;
import gg.suggestions.command.guildconfig.SubmissionRules;
import gg.suggestions.command.outcome.Outcome;
import gg.suggestions.eventstore.contract.Actor;
import gg.suggestions.eventstore.contract.ErrorCode;
import gg.suggestions.eventstore.contract.suggestion.ApproveSuggestion;
import gg.suggestions.eventstore.contract.suggestion.ClearSuggestion;
import gg.suggestions.eventstore.contract.suggestion.QueueKey;
import gg.suggestions.eventstore.contract.suggestion.RejectSuggestion;
import gg.suggestions.eventstore.contract.suggestion.SuggestionNoteAdded;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Predicate;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.messaging.annotation.MetaDataValue;
import org.axonframework.modelling.command.Aggregate;
import org.axonframework.modelling.command.Repository;

/**
 * Approve, reject and clear, for a suggestion or a queued item: the id names one or the other,
 * since both come from one space per guild. Moderators only, like every route: {@code
 * ModeratorsOnly} has authorised the command before it gets here.
 */
public final class Resolutions {

  private final Repository<Suggestion> suggestions;
  private final Repository<QueuedSuggestion> queue;
  private final Predicate<String> keyUsed;
  private final ResolutionTargets targets;
  private final Function<String, SubmissionRules> rulesOf;
  private final Publication publication;

  /**
   * @param keyUsed whether an aggregate key was ever used, committed or earlier in the open batch
   * @param targets whether a guild has somewhere to put resolved suggestions
   * @param rulesOf a guild's submission rules: an approved queue item needs a suggestions channel
   * @param publication publishes an approved queue item as a new suggestion
   */
  public Resolutions(
      Repository<Suggestion> suggestions,
      Repository<QueuedSuggestion> queue,
      Predicate<String> keyUsed,
      ResolutionTargets targets,
      Function<String, SubmissionRules> rulesOf,
      Publication publication) {
    this.suggestions = suggestions;
    this.queue = queue;
    this.keyUsed = keyUsed;
    this.targets = targets;
    this.rulesOf = rulesOf;
    this.publication = publication;
  }

  @CommandHandler
  public Outcome handle(
      ApproveSuggestion command,
      @MetaDataValue(GuildConfig.ACTOR) Actor moderator,
      @MetaDataValue("commandId") String commandId)
      throws Exception {
    String guildId = command.guildId();
    if (!isQueued(guildId, command.suggestionId())) {
      return suggestions
          .load(command.suggestionKey())
          .invoke(suggestion -> suggestion.approve(command, moderator, targets));
    }
    Aggregate<QueuedSuggestion> item = queued(guildId, command.suggestionId());
    Outcome refusal = item.invoke(queued -> queued.resolutionRefusal(command.response()));
    if (refusal != null) {
      return refusal;
    }
    if (!rulesOf.apply(guildId).hasSuggestionsChannel()) {
      return Outcome.refused(ErrorCode.NO_SUGGESTIONS_CHANNEL, null);
    }
    String suggestionId = ShortIds.firstFreeIn(guildId, commandId, keyUsed);
    var published =
        item.invoke(queued -> queued.approve(moderator.userId(), command.response(), suggestionId));
    // The approval response becomes the published suggestion's note.
    String note = command.response() == null ? "" : command.response().strip();
    publication.publish(
        published,
        note.isEmpty()
            ? null
            : new SuggestionNoteAdded(guildId, suggestionId, moderator.userId(), note));
    return Outcome.accepted(Map.of(Submissions.SUGGESTION_ID, suggestionId));
  }

  @CommandHandler
  public Outcome handle(
      RejectSuggestion command, @MetaDataValue(GuildConfig.ACTOR) Actor moderator) {
    if (!isQueued(command.guildId(), command.suggestionId())) {
      return suggestions
          .load(command.suggestionKey())
          .invoke(suggestion -> suggestion.reject(command, moderator, targets));
    }
    return queued(command.guildId(), command.suggestionId())
        .invoke(
            queued -> {
              Outcome refusal = queued.resolutionRefusal(command.response());
              if (refusal != null) {
                return refusal;
              }
              queued.reject(moderator.userId(), command.response());
              return Outcome.accepted();
            });
  }

  @CommandHandler
  public Outcome handle(
      ClearSuggestion command, @MetaDataValue(GuildConfig.ACTOR) Actor moderator) {
    if (!isQueued(command.guildId(), command.suggestionId())) {
      return suggestions
          .load(command.suggestionKey())
          .invoke(suggestion -> suggestion.clear(command, moderator));
    }
    return queued(command.guildId(), command.suggestionId())
        .invoke(queued -> queued.clear(moderator.userId(), command.response()));
  }

  private boolean isQueued(String guildId, String id) {
    return keyUsed.test(QueueKey.of(guildId, id));
  }

  private Aggregate<QueuedSuggestion> queued(String guildId, String queueId) {
    return queue.load(QueueKey.of(guildId, queueId));
  }
}
