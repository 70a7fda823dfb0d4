package gg.suggestions.gateway.command;

import gg.suggestions.eventstore.contract.guildconfig.BlockMember;
import gg.suggestions.eventstore.contract.guildconfig.UnblockMember;
import java.util.List;
import java.util.Optional;

/**
 * {@code /user blocklist add|remove (suggestion_id | user)}: a member named directly, or as the
 * author of one of their suggestions (or queued items); exactly one of the two.
 */
final class BlocklistCommand implements GatewayCommand {

  private final boolean add;

  private BlocklistCommand(boolean add) {
    this.add = add;
  }

  static BlocklistCommand add() {
    return new BlocklistCommand(true);
  }

  static BlocklistCommand remove() {
    return new BlocklistCommand(false);
  }

  @Override
  public String name() {
    return add ? "user blocklist add" : "user blocklist remove";
  }

  @Override
  public List<OptionSpec> options() {
    return List.of(
        OptionSpec.optional(Options.USER, OptionSpec.Type.USER), OptionSpec.suggestionId(false));
  }

  @Override
  public Object toCommand(SlashRequest request) {
    String guild = request.guild();
    Optional<String> user = request.option(Options.USER);
    Optional<String> sid =
        request.option(Options.SUGGESTION_ID).map(typed -> request.shortId(Options.SUGGESTION_ID));
    if (user.isPresent() == sid.isPresent()) {
      throw new InvalidInput("input.one_of", Options.USER, Options.SUGGESTION_ID);
    }
    return add
        ? new BlockMember(guild, user.orElse(null), sid.orElse(null))
        : new UnblockMember(guild, user.orElse(null), sid.orElse(null));
  }
}
