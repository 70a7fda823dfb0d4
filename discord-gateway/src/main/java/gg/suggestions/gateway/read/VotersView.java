package gg.suggestions.gateway.read;

import static gg.suggestions.gateway.i18n.ReplyMessages.text;

import gg.suggestions.eventstore.contract.guildconfig.GuildToggle;
import gg.suggestions.gateway.command.InvalidInput;
import gg.suggestions.gateway.command.OptionSpec;
import gg.suggestions.gateway.command.Options;
import gg.suggestions.gateway.command.SlashRequest;
import gg.suggestions.gateway.component.Buttons.Pager;
import gg.suggestions.gateway.effects.MessageView;
import gg.suggestions.gateway.effects.MessageView.Button;
import gg.suggestions.gateway.effects.MessageView.Style;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code /view voters sID [filter]} and the "View voters", "View up voters" and "View down voters"
 * message commands: 15 voters a page, paged only by the member who asked. When the guild keeps
 * voters private, only moderators see them.
 */
final class VotersView implements ReadCommand {

  static final String PAGER = "voters";
  static final int PAGE_SIZE = 15;
  static final List<String> FILTERS = List.of("all", "up", "down");

  @Override
  public String name() {
    return "view voters";
  }

  @Override
  public List<OptionSpec> options() {
    return List.of(
        OptionSpec.suggestionId(true),
        new OptionSpec(Options.FILTER, OptionSpec.Type.STRING, false, false, FILTERS));
  }

  @Override
  public MessageView answer(SlashRequest request, Sources sources) {
    String sid = request.shortId(Options.SUGGESTION_ID);
    String filter = request.option(Options.FILTER).orElse("all");
    if (!FILTERS.contains(filter)) {
      throw new InvalidInput("input.unknown_setting", filter, String.join(", ", FILTERS));
    }
    return page(
        request,
        sources.query(),
        new Pager(PAGER, request.actor().userId(), 0, List.of(sid, filter)));
  }

  static MessageView page(SlashRequest request, QueryApi query, Pager pager) {
    String locale = request.locale();
    String sid = pager.arguments().get(0);
    String filter = pager.arguments().get(1);
    Views.GuildSettings settings = query.guild(request.guild());
    if (!settings.on(GuildToggle.VOTERS_VISIBLE)
        && !request
            .actor()
            .isModerator(settings.staffRoleIds() == null ? List.of() : settings.staffRoleIds())) {
      return Answers.of(text(locale, "read.config.title"), text(locale, "read.voters.hidden"));
    }
    String title =
        text(
            locale,
            "all".equals(filter) ? "read.voters.title" : "read.voters.title_" + filter,
            sid);
    Views.Suggestion suggestion =
        query
            .suggestion(request.guild(), sid, -1)
            .filter(s -> !"CLEARED".equals(s.state()))
            .orElseThrow(() -> new InvalidInput("error.suggestion_not_found"));
    int total =
        switch (filter) {
          case "up" -> suggestion.upVotes();
          case "down" -> suggestion.downVotes();
          default -> suggestion.upVotes() + suggestion.downVotes();
        };
    int pages = (total + PAGE_SIZE - 1) / PAGE_SIZE;
    List<String> voters =
        query.voters(request.guild(), sid, filter, pager.page(), PAGE_SIZE).orElse(List.of());
    String text =
        voters.isEmpty()
            ? text(locale, "read.voters.none")
            : String.join("\n", voters.stream().map(v -> "<@" + v + ">").toList());
    List<Button> buttons = new ArrayList<>();
    if (pager.page() > 0) {
      buttons.add(
          new Button(
              pager.at(pager.page() - 1).id(), text(locale, "button.previous"), Style.SECONDARY));
    }
    if (pager.page() + 1 < pages) {
      buttons.add(
          new Button(
              pager.at(pager.page() + 1).id(), text(locale, "button.next"), Style.SECONDARY));
    }
    return Answers.of(title, text, Answers.page(locale, pager.page(), pages), buttons);
  }
}
