package gg.suggestions.command.guildconfig;

import gg.suggestions.command.outcome.Outcome;
import gg.suggestions.eventstore.contract.Actor;
import gg.suggestions.eventstore.contract.ErrorCode;
import gg.suggestions.eventstore.contract.ModeratorCommand;
import java.util.Set;
import java.util.function.Function;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.messaging.InterceptorChain;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.axonframework.modelling.command.Repository;

/**
 * The one place moderator commands are authorised. Before any handler of a {@link ModeratorCommand}
 * runs, the actor the command carries must hold Administrator or Manage Server, or one of the
 * guild's staff roles; otherwise the command is refused with {@link ErrorCode#NOT_A_MODERATOR} and
 * no handler runs, so nothing is appended.
 *
 * <p>Registered on the command bus, it covers every route a command takes (Discord, HTTP, tests).
 */
public final class ModeratorsOnly implements MessageHandlerInterceptor<CommandMessage<?>> {

  private final Function<String, Set<String>> staffRolesOf;

  /**
   * @param staffRolesOf a guild's staff roles, by guild id
   */
  public ModeratorsOnly(Function<String, Set<String>> staffRolesOf) {
    this.staffRolesOf = staffRolesOf;
  }

  /** Reads staff roles from the guild's {@link GuildConfig}; an unconfigured guild has none. */
  public static ModeratorsOnly readingFrom(Repository<GuildConfig> guildConfigs) {
    return new ModeratorsOnly(
        guildId -> GuildConfig.read(guildConfigs, guildId, GuildConfig::staffRoleIds, Set.of()));
  }

  @Override
  public Object handle(UnitOfWork<? extends CommandMessage<?>> unitOfWork, InterceptorChain chain)
      throws Exception {
    CommandMessage<?> command = unitOfWork.getMessage();
    if (command.getPayload() instanceof ModeratorCommand moderatorCommand
        && !isModerator(command.getMetaData().get(GuildConfig.ACTOR), moderatorCommand.guildId())) {
      return Outcome.refused(ErrorCode.NOT_A_MODERATOR, null);
    }
    return chain.proceed();
  }

  private boolean isModerator(Object actor, String guildId) {
    return actor instanceof Actor a && a.isModerator(staffRolesOf.apply(guildId));
  }
}
