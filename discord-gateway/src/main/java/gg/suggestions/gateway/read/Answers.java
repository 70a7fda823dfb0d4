package gg.suggestions.gateway.read;

import static gg.suggestions.gateway.i18n.ReplyMessages.text;

import gg.suggestions.gateway.effects.MessageView;
import java.util.List;

/** The shape every read answer has: a titled embed, and for pagers a row of buttons. */
final class Answers {

  static final int COLOR = 0x5865F2;

  private Answers() {}

  static MessageView of(String title, String text) {
    return of(title, text, null, List.of());
  }

  static MessageView of(
      String title, String text, String footer, List<MessageView.Button> buttons) {
    return new MessageView(
        null,
        new MessageView.Embed(title, text, List.of(), COLOR, footer, null, null, null),
        buttons);
  }

  static String page(String locale, int page, int pages) {
    return text(locale, "read.page", page + 1, Math.max(pages, 1));
  }
}
