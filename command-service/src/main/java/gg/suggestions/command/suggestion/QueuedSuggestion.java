package gg.suggestions.command.suggestion;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import gg.suggestions.command.outcome.Outcome;
import gg.suggestions.eventstore.contract.ErrorCode;
import gg.suggestions.eventstore.contract.legacy.QueuedSuggestionImported;
import gg.suggestions.eventstore.contract.suggestion.QueueKey;
import gg.suggestions.eventstore.contract.suggestion.QueuedSuggestionApproved;
import gg.suggestions.eventstore.contract.suggestion.QueuedSuggestionCleared;
import gg.suggestions.eventstore.contract.suggestion.QueuedSuggestionMessagePosted;
import gg.suggestions.eventstore.contract.suggestion.QueuedSuggestionRejected;
import gg.suggestions.eventstore.contract.suggestion.RecordQueuedSuggestionMessage;
import gg.suggestions.eventstore.contract.suggestion.SuggestionImage;
import gg.suggestions.eventstore.contract.suggestion.SuggestionQueued;
import gg.suggestions.eventstore.contract.suggestion.SuggestionSubmitted;
import java.util.Locale;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.serialization.Revision;

/**
 * A submission waiting for review in the guild's queue. A moderator approves it (it is published as
 * a new suggestion), or rejects it, at most once; clearing takes it out of the queue in any state.
 * {@link Resolutions} routes the moderator commands here when their id is a queue id.
 */
@Revision("1") // The snapshot format: raise it when a field changes meaning or type.
public class QueuedSuggestion {

  private enum State {
    QUEUED,
    APPROVED,
    REJECTED,
    CLEARED
  }

  @AggregateIdentifier private String key;
  private String guildId;
  private String queueId;
  private String authorId;
  private String text;
  private SuggestionImage image;
  private boolean anonymous;
  private State state;
  private String messageId;
  private boolean imported;

  protected QueuedSuggestion() {
    // For Axon.
  }

  /** Queues a submission; {@link Submissions} decides whether and with which id. */
  QueuedSuggestion(SuggestionQueued queued) {
    apply(queued);
  }

  @CommandHandler
  Outcome handle(RecordQueuedSuggestionMessage command) {
    if (!DiscordPresence.isDiscordId(command.channelId())
        || !DiscordPresence.isDiscordId(command.messageId())) {
      return DiscordPresence.notDiscordIds();
    }
    if (!command.messageId().equals(messageId)) {
      apply(
          new QueuedSuggestionMessagePosted(
              guildId, queueId, command.channelId(), command.messageId()));
    }
    return Outcome.accepted();
  }

  /** Who submitted it, for the blocklist's "block this item's author". */
  public String authorId() {
    return authorId;
  }

  /** Why this item cannot be approved or rejected with {@code response}, or {@code null}. */
  Outcome resolutionRefusal(String response) {
    if (state == State.APPROVED || state == State.REJECTED) {
      return Outcome.refused(
          ErrorCode.SUGGESTION_ALREADY_RESOLVED,
          "This queued suggestion was already " + state.name().toLowerCase(Locale.ROOT) + ".");
    }
    if (state == State.CLEARED) {
      return Outcome.refused(ErrorCode.SUGGESTION_NOT_OPEN, "It was cleared from the queue.");
    }
    if (Suggestion.isTooLong(response)) {
      return Outcome.refused(ErrorCode.RESPONSE_TOO_LONG, null);
    }
    return null;
  }

  /**
   * Approves this item as the suggestion {@code suggestionId}. Call only without a {@link
   * #resolutionRefusal}.
   *
   * @return the suggestion it becomes: same author, text, image and anonymity
   */
  SuggestionSubmitted approve(String moderatorId, String response, String suggestionId) {
    apply(new QueuedSuggestionApproved(guildId, queueId, moderatorId, response, suggestionId));
    return new SuggestionSubmitted(guildId, suggestionId, authorId, text, image, anonymous);
  }

  /** Rejects this item. Call only without a {@link #resolutionRefusal}. */
  void reject(String moderatorId, String response) {
    apply(new QueuedSuggestionRejected(guildId, queueId, moderatorId, response));
  }

  /** Takes this item out of the queue, whatever its state, unless it already left. */
  Outcome clear(String moderatorId, String response) {
    if (state == State.CLEARED) {
      return Outcome.refused(ErrorCode.SUGGESTION_NOT_OPEN, "It is already cleared.");
    }
    if (Suggestion.isTooLong(response)) {
      return Outcome.refused(ErrorCode.RESPONSE_TOO_LONG, null);
    }
    apply(new QueuedSuggestionCleared(guildId, queueId, moderatorId, response));
    return Outcome.accepted();
  }

  @EventSourcingHandler
  void on(SuggestionQueued event) {
    key = QueueKey.of(event.guildId(), event.queueId());
    guildId = event.guildId();
    queueId = event.queueId();
    authorId = event.authorId();
    text = event.text();
    image = event.image();
    anonymous = event.anonymous();
    state = State.QUEUED;
  }

  /**
   * Brings in an item of the old bot's queue; {@link LegacyHistory} decides whether its id is free.
   */
  QueuedSuggestion(QueuedSuggestionImported imported) {
    apply(imported);
  }

  @EventSourcingHandler
  void on(QueuedSuggestionImported event) {
    key = QueueKey.of(event.guildId(), event.queueId());
    guildId = event.guildId();
    queueId = event.queueId();
    authorId = event.authorId();
    text = event.text();
    image = SuggestionImage.ofAddress(event.imageUrl());
    anonymous = event.anonymous();
    state = State.valueOf(event.state().toUpperCase(Locale.ROOT));
    messageId = event.messageId();
    imported = true;
  }

  /** Whether it came from the old bot's data. */
  boolean isImported() {
    return imported;
  }

  @EventSourcingHandler
  void on(QueuedSuggestionMessagePosted event) {
    messageId = event.messageId();
  }

  @EventSourcingHandler
  void on(QueuedSuggestionApproved event) {
    state = State.APPROVED;
  }

  @EventSourcingHandler
  void on(QueuedSuggestionRejected event) {
    state = State.REJECTED;
  }

  @EventSourcingHandler
  void on(QueuedSuggestionCleared event) {
    state = State.CLEARED;
  }
}
