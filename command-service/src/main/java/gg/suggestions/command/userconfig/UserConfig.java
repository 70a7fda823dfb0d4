package gg.suggestions.command.userconfig;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import gg.suggestions.command.guildconfig.GuildConfig;
import gg.suggestions.command.outcome.Outcome;
import gg.suggestions.eventstore.contract.Actor;
import gg.suggestions.eventstore.contract.ErrorCode;
import gg.suggestions.eventstore.contract.legacy.ImportLegacyMembers.LegacyMember;
import gg.suggestions.eventstore.contract.userconfig.DirectMessagesSet;
import gg.suggestions.eventstore.contract.userconfig.SetDirectMessages;
import gg.suggestions.eventstore.contract.userconfig.SetThreadPings;
import gg.suggestions.eventstore.contract.userconfig.ThreadPingsSet;
import gg.suggestions.eventstore.contract.userconfig.UserKey;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.messaging.annotation.MetaDataValue;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.serialization.Revision;

/**
 * One member's own settings, the same in every guild. Only the member changes them; the first
 * change creates the aggregate.
 */
@Revision("1") // The snapshot format: raise it when a field changes meaning or type.
public class UserConfig {

  @AggregateIdentifier private String key;

  protected UserConfig() {
    // For Axon.
  }

  @CommandHandler
  @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
  Outcome handle(SetDirectMessages command, @MetaDataValue(GuildConfig.ACTOR) Actor actor) {
    if (!isOwnedBy(command.userId(), actor)) {
      return Outcome.refused(ErrorCode.NOT_YOUR_SETTINGS, null);
    }
    apply(new DirectMessagesSet(command.userId(), command.enabled()));
    return Outcome.accepted();
  }

  @CommandHandler
  @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
  Outcome handle(SetThreadPings command, @MetaDataValue(GuildConfig.ACTOR) Actor actor) {
    if (!isOwnedBy(command.userId(), actor)) {
      return Outcome.refused(ErrorCode.NOT_YOUR_SETTINGS, null);
    }
    apply(new ThreadPingsSet(command.userId(), command.enabled()));
    return Outcome.accepted();
  }

  /** A member with no settings yet, for a repository to create: the first event names them. */
  public static UserConfig unconfigured() {
    return new UserConfig();
  }

  /**
   * The old bot's settings of a member, from an operator's import: applied only where the member
   * has no settings here yet (their own choices stay), and only those that differ from the
   * defaults.
   *
   * @return whether they were applied; false where the member has settings here
   */
  public boolean importLegacy(LegacyMember member) {
    if (key != null) {
      return false;
    }
    if (!member.directMessages()) {
      apply(new DirectMessagesSet(member.userId(), false));
    }
    if (!member.threadPings()) {
      apply(new ThreadPingsSet(member.userId(), false));
    }
    return true;
  }

  @EventSourcingHandler
  void on(DirectMessagesSet event) {
    key = UserKey.of(event.userId());
  }

  @EventSourcingHandler
  void on(ThreadPingsSet event) {
    key = UserKey.of(event.userId());
  }

  static boolean isOwnedBy(String userId, Actor actor) {
    return actor != null && actor.userId().equals(userId);
  }
}
