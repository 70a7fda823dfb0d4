package gg.suggestions.command.guildconfig;

import gg.suggestions.command.outcome.Outcome;
import gg.suggestions.eventstore.contract.Actor;
import gg.suggestions.eventstore.contract.ErrorCode;
import gg.suggestions.eventstore.contract.guildconfig.BlockMember;
import gg.suggestions.eventstore.contract.guildconfig.UnblockMember;
import java.util.Optional;
import java.util.function.BiFunction;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.messaging.annotation.MetaDataValue;
import org.axonframework.modelling.command.Repository;

/**
 * Blocks and unblocks members, named by id or by one of their suggestions. Moderator-only, like
 * every {@code ModeratorCommand}; the guild's blocklist lives in its {@link GuildConfig}.
 */
public final class Blocklist {

  private final Repository<GuildConfig> guildConfigs;
  private final BiFunction<String, String, Optional<String>> authorOf;

  /**
   * @param authorOf the author of a guild's suggestion or queued item, by guild id and its id;
   *     empty if there is neither
   */
  public Blocklist(
      Repository<GuildConfig> guildConfigs, BiFunction<String, String, Optional<String>> authorOf) {
    this.guildConfigs = guildConfigs;
    this.authorOf = authorOf;
  }

  @CommandHandler
  public Outcome handle(BlockMember command, @MetaDataValue(GuildConfig.ACTOR) Actor moderator)
      throws Exception {
    String guild = command.guildId();
    Optional<String> member = member(guild, command.userId(), command.suggestionId());
    if (member.isEmpty()) {
      return unknownMember(command.userId(), command.suggestionId());
    }
    return guildConfigs
        .loadOrCreate(guild, GuildConfig::new)
        .invoke(config -> config.block(guild, member.get(), moderator.userId()));
  }

  @CommandHandler
  public Outcome handle(UnblockMember command, @MetaDataValue(GuildConfig.ACTOR) Actor moderator) {
    String guild = command.guildId();
    Optional<String> member = member(guild, command.userId(), command.suggestionId());
    if (member.isEmpty()) {
      return unknownMember(command.userId(), command.suggestionId());
    }
    return GuildConfig.read(
        guildConfigs,
        guild,
        config -> config.unblock(guild, member.get(), moderator.userId()),
        Outcome.refused(ErrorCode.NOT_BLOCKED, null));
  }

  /**
   * The member named by exactly one of a user id and an sID (then the suggestion's author, if it
   * exists); empty otherwise.
   */
  private Optional<String> member(String guildId, String userId, String suggestionId) {
    if (!namesExactlyOne(userId, suggestionId)) {
      return Optional.empty();
    }
    return userId != null ? Optional.of(userId) : authorOf.apply(guildId, suggestionId);
  }

  private static boolean namesExactlyOne(String userId, String suggestionId) {
    return (userId == null) != (suggestionId == null);
  }

  private static Outcome unknownMember(String userId, String suggestionId) {
    return namesExactlyOne(userId, suggestionId)
        ? Outcome.refused(ErrorCode.SUGGESTION_NOT_FOUND, null)
        : Outcome.refused(
            ErrorCode.INVALID_COMMAND, "Name the member by user id or by sID, not both.");
  }
}
