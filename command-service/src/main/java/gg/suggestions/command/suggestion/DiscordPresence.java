package gg.suggestions.command.suggestion;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import gg.suggestions.command.outcome.Outcome;
import gg.suggestions.eventstore.contract.ErrorCode;
import gg.suggestions.eventstore.contract.legacy.SuggestionImported;
import gg.suggestions.eventstore.contract.suggestion.RecordSuggestionMessage;
import gg.suggestions.eventstore.contract.suggestion.RecordSuggestionMessageDeletion;
import gg.suggestions.eventstore.contract.suggestion.RecordSuggestionThread;
import gg.suggestions.eventstore.contract.suggestion.RecordSuggestionThreadArchival;
import gg.suggestions.eventstore.contract.suggestion.SuggestionMessageDeleted;
import gg.suggestions.eventstore.contract.suggestion.SuggestionMessageMoved;
import gg.suggestions.eventstore.contract.suggestion.SuggestionMessagePosted;
import gg.suggestions.eventstore.contract.suggestion.SuggestionThreadArchived;
import gg.suggestions.eventstore.contract.suggestion.SuggestionThreadCreated;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;

/**
 * Where a {@link Suggestion} lives on Discord: its message and its thread. The gateway reports
 * these facts back as commands, so every Discord id is an event too; reporting a fact again (a
 * retried effect) changes nothing.
 */
class DiscordPresence {

  private String messageId;
  private boolean everPosted;
  private String threadId;
  private boolean threadArchived;

  @CommandHandler
  Outcome handle(RecordSuggestionMessage command) {
    if (!isDiscordId(command.channelId()) || !isDiscordId(command.messageId())) {
      return notDiscordIds();
    }
    if (command.messageId().equals(messageId)) {
      return Outcome.accepted();
    }
    String guild = command.guildId();
    String sid = command.suggestionId();
    apply(
        everPosted
            ? new SuggestionMessageMoved(guild, sid, command.channelId(), command.messageId())
            : new SuggestionMessagePosted(guild, sid, command.channelId(), command.messageId()));
    return Outcome.accepted();
  }

  @CommandHandler
  Outcome handle(RecordSuggestionMessageDeletion command) {
    if (command.messageId() != null && command.messageId().equals(messageId)) {
      apply(
          new SuggestionMessageDeleted(
              command.guildId(), command.suggestionId(), command.messageId()));
    }
    return Outcome.accepted();
  }

  @CommandHandler
  Outcome handle(RecordSuggestionThread command) {
    if (!isDiscordId(command.threadId())) {
      return notDiscordIds();
    }
    if (!command.threadId().equals(threadId)) {
      apply(
          new SuggestionThreadCreated(
              command.guildId(), command.suggestionId(), command.threadId()));
    }
    return Outcome.accepted();
  }

  @CommandHandler
  Outcome handle(RecordSuggestionThreadArchival command) {
    if (command.threadId() != null && command.threadId().equals(threadId) && !threadArchived) {
      apply(
          new SuggestionThreadArchived(
              command.guildId(), command.suggestionId(), command.threadId()));
    }
    return Outcome.accepted();
  }

  @EventSourcingHandler
  void on(SuggestionImported event) {
    messageId = event.messageId();
    everPosted = messageId != null;
    threadId = event.threadId();
  }

  @EventSourcingHandler
  void on(SuggestionMessagePosted event) {
    messageId = event.messageId();
    everPosted = true;
  }

  @EventSourcingHandler
  void on(SuggestionMessageMoved event) {
    messageId = event.messageId();
  }

  @EventSourcingHandler
  void on(SuggestionMessageDeleted event) {
    messageId = null;
  }

  @EventSourcingHandler
  void on(SuggestionThreadCreated event) {
    threadId = event.threadId();
    threadArchived = false;
  }

  @EventSourcingHandler
  void on(SuggestionThreadArchived event) {
    threadArchived = true;
  }

  static boolean isDiscordId(String id) {
    return id != null && id.matches("[0-9]{15,21}");
  }

  static Outcome notDiscordIds() {
    return Outcome.refused(
        ErrorCode.INVALID_COMMAND, "Channel, message and thread ids are Discord ids.");
  }
}
