package gg.suggestions.gateway.jda;

import gg.suggestions.eventstore.contract.Actor;
import gg.suggestions.eventstore.contract.suggestion.SuggestionImage;
import gg.suggestions.gateway.command.SlashRequest;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.dv8tion.jda.api.Permission;
import net.dv8tion.jda.api.entities.Member;
import net.dv8tion.jda.api.entities.Message;
import net.dv8tion.jda.api.entities.Role;
import net.dv8tion.jda.api.events.interaction.command.SlashCommandInteractionEvent;
import net.dv8tion.jda.api.interactions.Interaction;
import net.dv8tion.jda.api.interactions.commands.OptionMapping;
import net.dv8tion.jda.api.interactions.commands.OptionType;

/** Captures an interaction as a {@link SlashRequest}: the one place that reads JDA's events. */
final class JdaRequests {

  private JdaRequests() {}

  static SlashRequest slash(SlashCommandInteractionEvent event) {
    Map<String, String> options = new HashMap<>();
    SuggestionImage attachment = null;
    for (OptionMapping option : event.getOptions()) {
      if (option.getType() == OptionType.ATTACHMENT) {
        Message.Attachment file = option.getAsAttachment();
        attachment = new SuggestionImage(file.getUrl(), file.getFileName(), file.getSize());
      } else {
        options.put(option.getName(), option.getAsString());
      }
    }
    return request(event, event.getFullCommandName(), options, attachment);
  }

  /** A request for an interaction that is not a slash command: a button or a message command. */
  static SlashRequest request(
      Interaction interaction,
      String name,
      Map<String, String> options,
      SuggestionImage attachment) {
    return new SlashRequest(
        interaction.getId(),
        name,
        options,
        attachment,
        interaction.getGuild() == null ? null : interaction.getGuild().getId(),
        actor(interaction),
        interaction.getUserLocale().getLocale(),
        interaction.isFromGuild() ? interaction.getGuildLocale().getLocale() : null,
        interaction.getTimeCreated().toInstant());
  }

  /** Who acted: their guild permissions and roles at this moment, or none in a DM. */
  private static Actor actor(Interaction interaction) {
    Member member = interaction.getMember();
    String userId = interaction.getUser().getId();
    if (member == null) {
      return new Actor(userId, 0, List.of());
    }
    return new Actor(
        userId,
        Permission.getRaw(member.getPermissions()),
        member.getRoles().stream().map(Role::getId).toList());
  }
}
