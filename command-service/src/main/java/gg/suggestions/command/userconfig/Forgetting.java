package gg.suggestions.command.userconfig;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import gg.suggestions.command.guildconfig.GuildConfig;
import gg.suggestions.command.outcome.Outcome;
import gg.suggestions.eventstore.contract.Actor;
import gg.suggestions.eventstore.contract.ErrorCode;
import gg.suggestions.eventstore.contract.userconfig.ForgetMember;
import gg.suggestions.eventstore.contract.userconfig.MemberForgotten;
import gg.suggestions.eventstore.privacy.MemberKeys;
import gg.suggestions.eventstore.privacy.Sealing;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.messaging.annotation.MetaDataValue;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.serialization.Revision;

/**
 * One forgetting of a member (docs/privacy.md): their data keys are tombstoned first, durably, then
 * {@link MemberForgotten} records the keys' ids. Its aggregate id is made from the first key's
 * pseudonym, so the record of a forgetting names nobody; it is written on the partition of the
 * member's commands, like everything the command does. Sent again after a failure in between, the
 * command finds the same keys forgotten and records the same forgetting.
 */
@Revision("1")
public class Forgetting {

  /** The aggregate id's prefix: {@code forgotten:<pseudonym of the first key>}. */
  public static final String PREFIX = "forgotten:";

  @AggregateIdentifier private String id;

  protected Forgetting() {
    // For Axon.
  }

  @CommandHandler
  @CreationPolicy(AggregateCreationPolicy.ALWAYS)
  Outcome handle(ForgetMember command, @MetaDataValue(GuildConfig.ACTOR) Actor actor) {
    if (!UserConfig.isOwnedBy(command.userId(), actor)) {
      return Outcome.refused(ErrorCode.NOT_YOUR_SETTINGS, null);
    }
    Optional<MemberKeys> keys = Sealing.process().keys();
    if (keys.isEmpty()) {
      return Outcome.refused(ErrorCode.FORGETTING_UNAVAILABLE, null);
    }
    Set<String> forgotten = keys.get().forget(command.userId());
    if (forgotten.isEmpty()) {
      return Outcome.refused(ErrorCode.NOTHING_TO_FORGET, null);
    }
    apply(new MemberForgotten(List.copyOf(forgotten)));
    return Outcome.accepted(Map.of(ForgetMember.RESULT_KEY_IDS, String.join(",", forgotten)));
  }

  @EventSourcingHandler
  void on(MemberForgotten event) {
    id = idOf(event);
  }

  String id() {
    return id;
  }

  /** The aggregate id of a forgetting. */
  public static String idOf(MemberForgotten event) {
    return PREFIX + Sealing.pseudonym(event.keyIds().stream().sorted().findFirst().orElse(""));
  }
}
