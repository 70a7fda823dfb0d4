package gg.suggestions.gateway.command;

import gg.suggestions.eventstore.contract.suggestion.SubmitSuggestion;
import java.util.List;

/** {@code /suggest suggestion [image] [anonymously]}: the command service checks every rule. */
final class SuggestCommand implements GatewayCommand {

  @Override
  public String name() {
    return "suggest";
  }

  @Override
  public List<OptionSpec> options() {
    return List.of(
        OptionSpec.required(Options.TEXT, OptionSpec.Type.STRING),
        OptionSpec.optional(Options.IMAGE, OptionSpec.Type.ATTACHMENT),
        OptionSpec.optional(Options.ANONYMOUSLY, OptionSpec.Type.BOOLEAN));
  }

  @Override
  public Object toCommand(SlashRequest request) {
    return new SubmitSuggestion(
        request.guild(),
        request.required(Options.TEXT),
        request.attachment(),
        request.option(Options.ANONYMOUSLY).map(Boolean::parseBoolean).orElse(false));
  }
}
