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
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.messaging.annotation.MetaDataValue;
import org.axonframework.messaging.annotation.SourceId;
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

  /** The aggregate id's prefix: {@code forgotten:<hash of the command id>}. */
  public static final String PREFIX = "forgotten:";

  /** The metadata entry with the command's id. */
  static final String COMMAND_ID = "commandId";

  @AggregateIdentifier private String id;

  protected Forgetting() {
    // For Axon.
  }

  @CommandHandler
  @CreationPolicy(AggregateCreationPolicy.ALWAYS)
  Outcome handle(
      ForgetMember command,
      @MetaDataValue(GuildConfig.ACTOR) Actor actor,
      @MetaDataValue(COMMAND_ID) String commandId) {
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
    id = idOf(commandId);
    apply(new MemberForgotten(List.copyOf(forgotten)));
    return Outcome.accepted(Map.of(ForgetMember.RESULT_KEY_IDS, String.join(",", forgotten)));
  }

  @EventSourcingHandler
  void on(MemberForgotten event, @SourceId String aggregateId) {
    id = aggregateId;
  }

  String id() {
    return id;
  }

  /**
   * The aggregate id of the forgetting asked for by command {@code commandId}: one per command, so
   * a command retried after an aborted write records it, and a new request for a member forgotten
   * before records another (which changes nothing); it names nobody.
   */
  public static String idOf(String commandId) {
    try {
      byte[] hash =
          MessageDigest.getInstance("SHA-256")
              .digest(String.valueOf(commandId).getBytes(StandardCharsets.UTF_8));
      return PREFIX + HexFormat.of().formatHex(hash, 0, 12);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }
}
