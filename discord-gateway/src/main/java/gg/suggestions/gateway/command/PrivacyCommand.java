package gg.suggestions.gateway.command;

import gg.suggestions.eventstore.contract.userconfig.ForgetMember;
import java.util.List;

/**
 * {@code /privacy forget confirm:True}: the member asks the bot to forget them (docs/privacy.md),
 * also from a DM; always the invoking member, never another. Forgetting can not be undone, so the
 * member has to say so: without {@code confirm:True} nothing is sent.
 */
final class PrivacyCommand implements GatewayCommand {

  @Override
  public String name() {
    return "privacy forget";
  }

  @Override
  public boolean guildOnly() {
    return false;
  }

  @Override
  public List<OptionSpec> options() {
    return List.of(OptionSpec.required(Options.CONFIRM, OptionSpec.Type.BOOLEAN));
  }

  @Override
  public Object toCommand(SlashRequest request) {
    if (!request.option(Options.CONFIRM).map(Boolean::parseBoolean).orElse(false)) {
      throw new InvalidInput("input.forget_unconfirmed");
    }
    return new ForgetMember(request.actor().userId());
  }
}
