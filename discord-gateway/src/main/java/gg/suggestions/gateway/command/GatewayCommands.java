package gg.suggestions.gateway.command;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import gg.suggestions.eventstore.envelope.CommandEnvelope;
import gg.suggestions.eventstore.envelope.EnvelopeCodec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Every slash command the bot registers, by name, and the one way a request becomes the envelope
 * the gateway sends: the interaction id is the idempotency key, and the user's and the guild's
 * locales travel with it.
 */
public final class GatewayCommands {

  private static final ObjectMapper JSON = EnvelopeCodec.defaultMapper();

  private final Map<String, GatewayCommand> byName;

  /**
   * @throws IllegalStateException if two commands share a name
   */
  GatewayCommands(List<GatewayCommand> commands) {
    this.byName = SlashCommand.byName(commands);
  }

  public static GatewayCommands all() {
    List<GatewayCommand> commands =
        new ArrayList<>(
            List.of(
                new SuggestCommand(),
                ResolveCommand.approve(),
                ResolveCommand.reject(),
                ResolveCommand.clear(),
                NotesCommand.add(),
                NotesCommand.remove(),
                BlocklistCommand.add(),
                BlocklistCommand.remove()));
    commands.addAll(PersonalSettingCommand.all());
    commands.add(new PrivacyCommand());
    commands.addAll(ConfigCommand.all());
    return new GatewayCommands(commands);
  }

  public Optional<GatewayCommand> named(String name) {
    return Optional.ofNullable(byName.get(name));
  }

  /** Every command, in registration order. */
  public List<GatewayCommand> list() {
    return List.copyOf(byName.values());
  }

  public List<String> names() {
    return List.copyOf(byName.keySet());
  }

  /**
   * The envelope for {@code request}, answered to {@code requester}.
   *
   * @throws InvalidInput if the request cannot become a command
   */
  public CommandEnvelope envelope(SlashRequest request, String requester) {
    GatewayCommand command =
        named(request.name())
            .orElseThrow(() -> new InvalidInput("input.unknown_command", request.name()));
    return envelope(request, command.toCommand(request), requester);
  }

  /** The envelope that sends {@code command} for {@code request}, such as a button's vote. */
  public static CommandEnvelope envelope(SlashRequest request, Object command, String requester) {
    JsonNode payload = JSON.valueToTree(command);
    return new CommandEnvelope(
        CommandEnvelope.SCHEMA,
        request.interactionId(),
        command.getClass().getSimpleName(),
        // A member's own command (/dm, /privacy) names no guild, wherever it was typed: it goes to
        // the member's partition, and the command service refuses a guild its payload lacks.
        payload.has("guildId") ? request.guildId() : null,
        payload,
        request.actor(),
        request.locale(),
        request.guildLocale(),
        requester,
        request.issuedAt());
  }
}
