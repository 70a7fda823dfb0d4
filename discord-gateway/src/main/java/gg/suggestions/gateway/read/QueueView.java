package gg.suggestions.gateway.read;

import static gg.suggestions.gateway.i18n.ReplyMessages.text;

import gg.suggestions.gateway.command.SlashRequest;
import gg.suggestions.gateway.component.Buttons;
import gg.suggestions.gateway.component.Buttons.Pager;
import gg.suggestions.gateway.component.Buttons.QueueAction;
import gg.suggestions.gateway.effects.MessageView;
import gg.suggestions.gateway.effects.MessageView.Button;
import gg.suggestions.gateway.effects.MessageView.Style;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code /queue info} (waiting items per mode, and whether new suggestions are queued) and {@code
 * /queue view}: a pager over the waiting items, one at a time, with previous, next, approve, reject
 * and stop. Approve and reject are the queue buttons the command service authorises.
 */
final class QueueView implements ReadCommand {

  static final String PAGER = "queue";

  private final boolean info;

  private QueueView(boolean info) {
    this.info = info;
  }

  static List<ReadCommand> all() {
    return List.of(new QueueView(true), new QueueView(false));
  }

  @Override
  public String name() {
    return info ? "queue info" : "queue view";
  }

  @Override
  public MessageView answer(SlashRequest request, Sources sources) {
    if (info) {
      return info(request, sources.query());
    }
    return page(request, sources.query(), new Pager(PAGER, request.actor().userId(), 0, List.of()));
  }

  static MessageView info(SlashRequest request, QueryApi query) {
    Views.QueueInfo info = query.queueInfo(request.guild());
    return Answers.of(
        text(request.locale(), "read.queue.title"),
        text(
            request.locale(),
            "read.queue.info",
            waiting(info, "VIRTUAL"),
            waiting(info, "CHANNEL"),
            info.queueing() ? 1 : 0));
  }

  /** One waiting item of the queue; past the end, the last one. */
  static MessageView page(SlashRequest request, QueryApi query, Pager pager) {
    String locale = request.locale();
    Views.QueueInfo info = query.queueInfo(request.guild());
    long total = waiting(info, "VIRTUAL") + waiting(info, "CHANNEL");
    if (total == 0) {
      return Answers.of(text(locale, "read.queue.title"), text(locale, "read.queue.empty"));
    }
    int page = (int) Math.min(pager.page(), total - 1);
    List<Views.QueuedItem> items = query.waiting(request.guild(), page, 1);
    if (items.isEmpty()) {
      return Answers.of(text(locale, "read.queue.title"), text(locale, "read.queue.empty"));
    }
    Views.QueuedItem item = items.get(0);
    List<Button> buttons = new ArrayList<>();
    if (page > 0) {
      buttons.add(
          new Button(pager.at(page - 1).id(), text(locale, "button.previous"), Style.SECONDARY));
    }
    if (page + 1 < total) {
      buttons.add(
          new Button(pager.at(page + 1).id(), text(locale, "button.next"), Style.SECONDARY));
    }
    buttons.add(
        new Button(
            Buttons.queue(QueueAction.APPROVE, item.queueId()),
            text(locale, "button.approve"),
            Style.SUCCESS));
    buttons.add(
        new Button(
            Buttons.queue(QueueAction.REJECT, item.queueId()),
            text(locale, "button.reject"),
            Style.DANGER));
    buttons.add(new Button(pager.at(-1).id(), text(locale, "button.stop"), Style.SECONDARY));
    String author =
        item.anonymous() ? text(locale, "suggestion.anonymous") : "<@" + item.authorId() + ">";
    return Answers.of(
        text(locale, "read.queue.item", item.queueId(), page + 1, total),
        item.text() + "\n\n" + text(locale, "suggestion.submitter") + ": " + author,
        null,
        buttons);
  }

  private static long waiting(Views.QueueInfo info, String mode) {
    return info.waiting() == null ? 0 : info.waiting().getOrDefault(mode, 0L);
  }
}
