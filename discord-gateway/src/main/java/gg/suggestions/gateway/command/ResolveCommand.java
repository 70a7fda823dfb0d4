package gg.suggestions.gateway.command;

import gg.suggestions.eventstore.contract.suggestion.ApproveSuggestion;
import gg.suggestions.eventstore.contract.suggestion.ClearSuggestion;
import gg.suggestions.eventstore.contract.suggestion.RejectSuggestion;
import java.util.List;
import java.util.function.Function;

/**
 * {@code /approve}, {@code /reject} and {@code /clear} with an sID or a queue id and an optional
 * response.
 */
final class ResolveCommand implements GatewayCommand {

  /** The three resolutions: what each sends. */
  record Resolution(String guildId, String id, String response) {}

  private final String name;
  private final Function<Resolution, Object> command;

  private ResolveCommand(String name, Function<Resolution, Object> command) {
    this.name = name;
    this.command = command;
  }

  static ResolveCommand approve() {
    return new ResolveCommand(
        "approve", r -> new ApproveSuggestion(r.guildId(), r.id(), r.response()));
  }

  static ResolveCommand reject() {
    return new ResolveCommand(
        "reject", r -> new RejectSuggestion(r.guildId(), r.id(), r.response()));
  }

  static ResolveCommand clear() {
    return new ResolveCommand("clear", r -> new ClearSuggestion(r.guildId(), r.id(), r.response()));
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public List<OptionSpec> options() {
    return List.of(
        OptionSpec.suggestionId(true),
        OptionSpec.optional(Options.RESPONSE, OptionSpec.Type.STRING));
  }

  @Override
  public Object toCommand(SlashRequest request) {
    return command.apply(
        new Resolution(
            request.guild(),
            request.shortId(Options.SUGGESTION_ID),
            request.option(Options.RESPONSE).orElse(null)));
  }
}
