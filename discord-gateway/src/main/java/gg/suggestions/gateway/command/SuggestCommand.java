package gg.suggestions.gateway.command;

import gg.suggestions.eventstore.contract.suggestion.SubmitSuggestion;

/** {@code /suggest suggestion [image] [anonymously]}: the command service checks every rule. */
final class SuggestCommand implements GatewayCommand {

  @Override
  public String name() {
    return "suggest";
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
