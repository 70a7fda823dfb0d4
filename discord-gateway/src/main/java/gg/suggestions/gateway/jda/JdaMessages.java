package gg.suggestions.gateway.jda;

import gg.suggestions.gateway.effects.MessageView;
import gg.suggestions.gateway.i18n.ReplyMessages;
import java.util.List;
import net.dv8tion.jda.api.EmbedBuilder;
import net.dv8tion.jda.api.components.actionrow.ActionRow;
import net.dv8tion.jda.api.components.buttons.Button;
import net.dv8tion.jda.api.components.buttons.ButtonStyle;
import net.dv8tion.jda.api.entities.MessageEmbed;
import net.dv8tion.jda.api.utils.messages.MessageCreateBuilder;
import net.dv8tion.jda.api.utils.messages.MessageCreateData;
import net.dv8tion.jda.api.utils.messages.MessageEditBuilder;
import net.dv8tion.jda.api.utils.messages.MessageEditData;

/** Our message views as JDA messages: the only place that knows both. */
final class JdaMessages {

  private static final int OK = 0x2ECC71;
  private static final int REFUSED = 0xE74C3C;

  private JdaMessages() {}

  static MessageCreateData create(MessageView view) {
    var builder = new MessageCreateBuilder();
    if (view.content() != null) {
      builder.setContent(view.content());
    }
    if (view.embed() != null) {
      builder.setEmbeds(embed(view.embed()));
    }
    if (!view.buttons().isEmpty()) {
      builder.setComponents(ActionRow.of(buttons(view)));
    }
    return builder.build();
  }

  /** An edit replaces content, embed and buttons: no buttons removes them. */
  static MessageEditData edit(MessageView view) {
    var builder = new MessageEditBuilder().setReplace(true);
    if (view.content() != null) {
      builder.setContent(view.content());
    }
    if (view.embed() != null) {
      builder.setEmbeds(embed(view.embed()));
    }
    builder.setComponents(
        view.buttons().isEmpty() ? List.of() : List.of(ActionRow.of(buttons(view))));
    return builder.build();
  }

  /** A reply to an interaction: green when done, red with the footer when refused. */
  static MessageEmbed reply(ReplyMessages.Message message) {
    return new EmbedBuilder()
        .setTitle(message.title())
        .setDescription(message.text())
        .setFooter(message.footer())
        .setColor(message.footer() == null ? OK : REFUSED)
        .build();
  }

  private static MessageEmbed embed(MessageView.Embed embed) {
    var builder =
        new EmbedBuilder()
            .setTitle(embed.title())
            .setDescription(embed.description())
            .setColor(embed.color())
            .setFooter(embed.footer())
            .setImage(embed.imageUrl());
    if (embed.author() != null) {
      builder.setAuthor(embed.author(), null, embed.authorIcon());
    }
    for (MessageView.Field field : embed.fields()) {
      builder.addField(field.name(), clip(field.value()), false);
    }
    return builder.build();
  }

  private static List<Button> buttons(MessageView view) {
    return view.buttons().stream()
        .map(b -> Button.of(style(b.style()), b.id(), b.label()))
        .toList();
  }

  private static ButtonStyle style(MessageView.Style style) {
    switch (style) {
      case SUCCESS:
        return ButtonStyle.SUCCESS;
      case DANGER:
        return ButtonStyle.DANGER;
      case SECONDARY:
        return ButtonStyle.SECONDARY;
      default:
        return ButtonStyle.PRIMARY;
    }
  }

  /** Embed field values hold at most 1024 characters; a suggestion holds up to 1000. */
  private static String clip(String value) {
    return value.length() <= MessageEmbed.VALUE_MAX_LENGTH
        ? value
        : value.substring(0, MessageEmbed.VALUE_MAX_LENGTH - 1) + "…";
  }
}
