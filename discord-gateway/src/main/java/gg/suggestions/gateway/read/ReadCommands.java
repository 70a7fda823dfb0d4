package gg.suggestions.gateway.read;

import gg.suggestions.gateway.command.SlashCommand;
import gg.suggestions.gateway.command.SlashRequest;
import gg.suggestions.gateway.component.Buttons.Pager;
import gg.suggestions.gateway.effects.MessageView;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Every read command by name, and the pages of the two pagers (voters and the queue). */
public final class ReadCommands {

  private final Map<String, ReadCommand> byName;

  private ReadCommands(List<ReadCommand> commands) {
    this.byName = SlashCommand.byName(commands);
  }

  public static ReadCommands all() {
    List<ReadCommand> commands = new ArrayList<>();
    commands.addAll(SettingsView.all());
    commands.addAll(QueueView.all());
    commands.add(new VotersView());
    commands.addAll(AboutView.all());
    return new ReadCommands(commands);
  }

  public Optional<ReadCommand> named(String name) {
    return Optional.ofNullable(byName.get(name));
  }

  public List<ReadCommand> list() {
    return List.copyOf(byName.values());
  }

  /** The voters of {@code sid} in {@code direction} (all, up, down), first page. */
  public static MessageView voters(
      SlashRequest request, QueryApi query, String sid, String direction) {
    return VotersView.page(
        request,
        query,
        new Pager(VotersView.PAGER, request.actor().userId(), 0, List.of(sid, direction)));
  }

  /** Another page of a pager; {@code pager.page()} is -1 when it was closed (empty). */
  public static Optional<MessageView> page(SlashRequest request, QueryApi query, Pager pager) {
    if (pager.page() < 0) {
      return Optional.empty();
    }
    return Optional.of(
        VotersView.PAGER.equals(pager.kind())
            ? VotersView.page(request, query, pager)
            : QueueView.page(request, query, pager));
  }
}
