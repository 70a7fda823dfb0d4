package gg.suggestions.command.suggestion;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import gg.suggestions.command.guildconfig.GuildConfig;
import gg.suggestions.command.outcome.Outcome;
import gg.suggestions.eventstore.contract.Actor;
import gg.suggestions.eventstore.contract.ErrorCode;
import gg.suggestions.eventstore.contract.legacy.SuggestionImported;
import gg.suggestions.eventstore.contract.suggestion.AddSuggestionNote;
import gg.suggestions.eventstore.contract.suggestion.ApproveSuggestion;
import gg.suggestions.eventstore.contract.suggestion.ClearSuggestion;
import gg.suggestions.eventstore.contract.suggestion.RejectSuggestion;
import gg.suggestions.eventstore.contract.suggestion.RemoveSuggestionNote;
import gg.suggestions.eventstore.contract.suggestion.SuggestionApproved;
import gg.suggestions.eventstore.contract.suggestion.SuggestionCleared;
import gg.suggestions.eventstore.contract.suggestion.SuggestionKey;
import gg.suggestions.eventstore.contract.suggestion.SuggestionNoteAdded;
import gg.suggestions.eventstore.contract.suggestion.SuggestionNoteRemoved;
import gg.suggestions.eventstore.contract.suggestion.SuggestionRejected;
import gg.suggestions.eventstore.contract.suggestion.SuggestionSubmitted;
import gg.suggestions.eventstore.contract.suggestion.VoteCast;
import gg.suggestions.eventstore.contract.suggestion.VoteDirection;
import gg.suggestions.eventstore.contract.suggestion.VoteOnSuggestion;
import gg.suggestions.eventstore.contract.suggestion.VoteSwitched;
import gg.suggestions.eventstore.contract.suggestion.VoteWithdrawn;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.messaging.annotation.MetaDataValue;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.AggregateMember;
import org.axonframework.serialization.Revision;

/**
 * One suggestion: pending until a moderator approves or rejects it, once; cleared from any state.
 * Votes count only while it is pending; each member has at most one. Moderator commands reach it
 * only after {@code ModeratorsOnly} has authorised them; approve, reject and clear come through
 * {@link Resolutions}, which also serves queued items.
 */
@Revision("1") // The snapshot format: raise it when a field changes meaning or type.
public class Suggestion {

  static final int MAX_TEXT = 1000;

  private enum State {
    PENDING,
    APPROVED,
    REJECTED,
    CLEARED
  }

  @AggregateIdentifier private String key;
  private String authorId;
  private State state;
  private final Map<String, VoteDirection> votes = new HashMap<>();
  private boolean hasNote;
  private boolean imported;
  @AggregateMember private final DiscordPresence discord = new DiscordPresence();

  protected Suggestion() {
    // For Axon.
  }

  /**
   * Creates a pending suggestion, with its first note if any; {@link Submissions} and {@link
   * Resolutions} decide whether and with which sID.
   */
  Suggestion(SuggestionSubmitted submitted, SuggestionNoteAdded note) {
    apply(submitted);
    if (note != null) {
      apply(note);
    }
  }

  /**
   * Brings in a suggestion of the old bot, then its button votes; {@link LegacyHistory} decides
   * whether its sID is free.
   */
  Suggestion(SuggestionImported imported, List<String> upVoterIds, List<String> downVoterIds) {
    apply(imported);
    importVotes(imported.guildId(), imported.suggestionId(), upVoterIds, downVoterIds);
  }

  /** Adds the old bot's votes of members who have none here yet; returns how many were added. */
  int importVotes(String guildId, String suggestionId, List<String> up, List<String> down) {
    int added = 0;
    for (VoteDirection direction : VoteDirection.values()) {
      for (String voter : direction == VoteDirection.UP ? up : down) {
        if (!votes.containsKey(voter)) {
          apply(new VoteCast(guildId, suggestionId, voter, direction));
          added++;
        }
      }
    }
    return added;
  }

  /** Whether it came from the old bot's data, rather than from this platform's history. */
  boolean isImported() {
    return imported;
  }

  /** The reply's result key for a vote: {@code cast}, {@code switched} or {@code withdrawn}. */
  static final String VOTE = "vote";

  @CommandHandler
  Outcome handle(VoteOnSuggestion command, @MetaDataValue(GuildConfig.ACTOR) Actor voter) {
    if (state != State.PENDING) {
      return Outcome.refused(ErrorCode.SUGGESTION_NOT_OPEN, null);
    }
    VoteDirection earlier = votes.get(voter.userId());
    String vote;
    if (earlier == null) {
      apply(
          new VoteCast(
              command.guildId(), command.suggestionId(), voter.userId(), command.direction()));
      vote = "cast";
    } else if (earlier == command.direction()) {
      apply(new VoteWithdrawn(command.guildId(), command.suggestionId(), voter.userId()));
      vote = "withdrawn";
    } else {
      apply(
          new VoteSwitched(
              command.guildId(), command.suggestionId(), voter.userId(), command.direction()));
      vote = "switched";
    }
    // The voter is told which of the three their press did.
    return Outcome.accepted(java.util.Map.of(VOTE, vote));
  }

  /** Approves it, once, if it is pending; {@link Resolutions} routes the command here. */
  Outcome approve(ApproveSuggestion command, Actor moderator, ResolutionTargets targets) {
    return resolve(
        command.guildId(),
        command.response(),
        targets,
        () ->
            new SuggestionApproved(
                command.guildId(), command.suggestionId(), moderator.userId(), command.response()));
  }

  /** Rejects it, once, if it is pending; {@link Resolutions} routes the command here. */
  Outcome reject(RejectSuggestion command, Actor moderator, ResolutionTargets targets) {
    return resolve(
        command.guildId(),
        command.response(),
        targets,
        () ->
            new SuggestionRejected(
                command.guildId(), command.suggestionId(), moderator.userId(), command.response()));
  }

  /** Clears it from any state but cleared; {@link Resolutions} routes the command here. */
  Outcome clear(ClearSuggestion command, Actor moderator) {
    if (state == State.CLEARED) {
      return Outcome.refused(ErrorCode.SUGGESTION_NOT_OPEN, "It is already cleared.");
    }
    if (isTooLong(command.response())) {
      return Outcome.refused(ErrorCode.RESPONSE_TOO_LONG, null);
    }
    apply(
        new SuggestionCleared(
            command.guildId(), command.suggestionId(), moderator.userId(), command.response()));
    return Outcome.accepted();
  }

  @CommandHandler
  Outcome handle(AddSuggestionNote command, @MetaDataValue(GuildConfig.ACTOR) Actor moderator) {
    if (state == State.CLEARED) {
      return Outcome.refused(ErrorCode.SUGGESTION_NOT_OPEN, null);
    }
    String note = command.note() == null ? "" : command.note().strip();
    if (note.isEmpty() || isTooLong(note)) {
      return Outcome.refused(ErrorCode.RESPONSE_TOO_LONG, "A note has 1 to 1000 characters.");
    }
    apply(
        new SuggestionNoteAdded(
            command.guildId(), command.suggestionId(), moderator.userId(), note));
    return Outcome.accepted();
  }

  @CommandHandler
  Outcome handle(RemoveSuggestionNote command, @MetaDataValue(GuildConfig.ACTOR) Actor moderator) {
    if (!hasNote) {
      return Outcome.refused(ErrorCode.NO_NOTE, null);
    }
    apply(new SuggestionNoteRemoved(command.guildId(), command.suggestionId(), moderator.userId()));
    return Outcome.accepted();
  }

  @EventSourcingHandler
  void on(SuggestionSubmitted event) {
    key = SuggestionKey.of(event.guildId(), event.suggestionId());
    authorId = event.authorId();
    state = State.PENDING;
  }

  @EventSourcingHandler
  void on(SuggestionImported event) {
    key = SuggestionKey.of(event.guildId(), event.suggestionId());
    authorId = event.authorId();
    state = State.valueOf(event.state().toUpperCase(java.util.Locale.ROOT));
    hasNote = event.note() != null;
    imported = true;
  }

  @EventSourcingHandler
  void on(VoteCast event) {
    votes.put(event.voterId(), event.direction());
  }

  @EventSourcingHandler
  void on(VoteSwitched event) {
    votes.put(event.voterId(), event.direction());
  }

  @EventSourcingHandler
  void on(VoteWithdrawn event) {
    votes.remove(event.voterId());
  }

  @EventSourcingHandler
  void on(SuggestionApproved event) {
    state = State.APPROVED;
  }

  @EventSourcingHandler
  void on(SuggestionRejected event) {
    state = State.REJECTED;
  }

  @EventSourcingHandler
  void on(SuggestionCleared event) {
    state = State.CLEARED;
  }

  @EventSourcingHandler
  void on(SuggestionNoteAdded event) {
    hasNote = true;
  }

  @EventSourcingHandler
  void on(SuggestionNoteRemoved event) {
    hasNote = false;
  }

  /** Who submitted it, for the blocklist's "block this suggestion's author". */
  public String authorId() {
    return authorId;
  }

  /** Applies the resolution unless a rule refuses it. */
  private Outcome resolve(
      String guildId, String response, ResolutionTargets targets, Supplier<Object> resolution) {
    Outcome refusal = resolutionRefusal(guildId, response, targets);
    if (refusal != null) {
      return refusal;
    }
    apply(resolution.get());
    return Outcome.accepted();
  }

  /** Only a pending suggestion is resolved, and only once. */
  private Outcome resolutionRefusal(String guildId, String response, ResolutionTargets targets) {
    if (state == State.APPROVED || state == State.REJECTED) {
      return Outcome.refused(
          ErrorCode.SUGGESTION_ALREADY_RESOLVED,
          "It was " + state.name().toLowerCase(java.util.Locale.ROOT) + ".");
    }
    if (state == State.CLEARED) {
      return Outcome.refused(ErrorCode.SUGGESTION_NOT_OPEN, null);
    }
    if (isTooLong(response)) {
      return Outcome.refused(ErrorCode.RESPONSE_TOO_LONG, null);
    }
    if (!targets.existIn(guildId)) {
      return Outcome.refused(ErrorCode.NO_LOG_CHANNEL, null);
    }
    return null;
  }

  static boolean isTooLong(String text) {
    return text != null && text.length() > MAX_TEXT;
  }
}
