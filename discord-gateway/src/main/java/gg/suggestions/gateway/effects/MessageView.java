package gg.suggestions.gateway.effects;

import java.util.List;

/**
 * A message the bot posts or edits, with no JDA type in it: rendering is a pure function that tests
 * call directly, and the JDA adapter turns this into a Discord message.
 *
 * @param content plain text above the embed, or {@code null}
 * @param embed the embed, or {@code null}
 * @param buttons one row of buttons; empty removes any
 */
public record MessageView(String content, Embed embed, List<Button> buttons) {

  public MessageView {
    buttons = List.copyOf(buttons);
  }

  public static MessageView text(String content) {
    return new MessageView(content, null, List.of());
  }

  /**
   * @param author the name shown at the top, or {@code null}
   * @param authorIcon the avatar next to it, or {@code null}
   * @param imageUrl the suggestion's image, or {@code null}
   */
  public record Embed(
      String title,
      String description,
      List<Field> fields,
      int color,
      String footer,
      String author,
      String authorIcon,
      String imageUrl) {

    public Embed {
      fields = List.copyOf(fields);
    }
  }

  public record Field(String name, String value) {}

  public record Button(String id, String label, Style style) {}

  /** Discord's button styles that the bot uses. */
  public enum Style {
    PRIMARY,
    SECONDARY,
    SUCCESS,
    DANGER
  }
}
