package gg.suggestions.gateway.jda;

import gg.suggestions.eventstore.contract.ErrorCode;
import gg.suggestions.eventstore.contract.suggestion.ApproveSuggestion;
import gg.suggestions.eventstore.contract.suggestion.RejectSuggestion;
import gg.suggestions.eventstore.envelope.CommandEnvelope;
import gg.suggestions.eventstore.envelope.ReplyEnvelope;
import gg.suggestions.eventstore.request.CommandRequester;
import gg.suggestions.gateway.command.GatewayCommands;
import gg.suggestions.gateway.command.InvalidInput;
import gg.suggestions.gateway.command.Options;
import gg.suggestions.gateway.command.Pacing;
import gg.suggestions.gateway.command.SlashRequest;
import gg.suggestions.gateway.component.Buttons;
import gg.suggestions.gateway.component.Buttons.QueueAction;
import gg.suggestions.gateway.effects.MessageView;
import gg.suggestions.gateway.effects.SuggestionMessages;
import gg.suggestions.gateway.i18n.ReplyMessages;
import gg.suggestions.gateway.read.ReadCommand;
import gg.suggestions.gateway.read.ReadCommands;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.function.Supplier;
import net.dv8tion.jda.api.entities.Message;
import net.dv8tion.jda.api.entities.MessageEmbed;
import net.dv8tion.jda.api.events.interaction.command.CommandAutoCompleteInteractionEvent;
import net.dv8tion.jda.api.events.interaction.command.MessageContextInteractionEvent;
import net.dv8tion.jda.api.events.interaction.command.SlashCommandInteractionEvent;
import net.dv8tion.jda.api.events.interaction.component.ButtonInteractionEvent;
import net.dv8tion.jda.api.hooks.ListenerAdapter;
import net.dv8tion.jda.api.interactions.InteractionHook;
import net.dv8tion.jda.api.utils.FileUpload;
import net.dv8tion.jda.api.utils.messages.MessageEditBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The only JDA listener. Every interaction is deferred at once (Discord's 3-second rule), captured
 * with the user's and the guild's locale, sent as a command with the interaction id as its
 * idempotency key, and answered with an ephemeral message once the command's events are committed.
 */
public final class InteractionRouter extends ListenerAdapter {

  /** The message commands on a suggestion's message. */
  static final String APPROVE_MESSAGE = "Approve suggestion";

  static final String REJECT_MESSAGE = "Reject suggestion";

  private static final Logger log = LoggerFactory.getLogger(InteractionRouter.class);

  /** The message commands that list a suggestion's voters, with the direction each lists. */
  static final Map<String, String> VOTER_MESSAGES =
      Map.of("View voters", "all", "View up voters", "up", "View down voters", "down");

  private final GatewayCommands commands;
  private final ReadCommands readCommands;
  private final CommandRequester requester;
  private final ReadCommand.Sources sources;
  private final Duration replyTimeout;
  private final ExecutorService reads;
  private final Pacing pacing;

  InteractionRouter(
      GatewayCommands commands,
      ReadCommands readCommands,
      CommandRequester requester,
      ReadCommand.Sources sources,
      Duration replyTimeout,
      ExecutorService reads,
      Pacing pacing) {
    this.pacing = pacing;
    this.commands = commands;
    this.readCommands = readCommands;
    this.requester = requester;
    this.sources = sources;
    this.replyTimeout = replyTimeout;
    this.reads = reads;
  }

  /** Every message command the router answers, in registration order. */
  static List<String> messageCommands() {
    return List.of(
        APPROVE_MESSAGE, REJECT_MESSAGE, "View voters", "View up voters", "View down voters");
  }

  @Override
  public void onSlashCommandInteraction(SlashCommandInteractionEvent event) {
    event.deferReply(true).queue();
    SlashRequest request = JdaRequests.slash(event);
    // Suggestions have the guild's own cooldown, checked by the command service.
    if (!"suggest".equals(request.name()) && !paced(event.getHook(), request)) {
      return;
    }
    Optional<ReadCommand> read = readCommands.named(request.name());
    if (read.isPresent()) {
      show(event.getHook(), request, () -> read.get().answer(request, sources));
      return;
    }
    send(
        event.getHook(),
        request,
        request.name(),
        r -> {
          checkChannel(event, r);
          return commands.envelope(r, requesterId());
        });
  }

  /** Whether the member may run another command now; if not, they are told how long to wait. */
  private boolean paced(InteractionHook hook, SlashRequest request) {
    try {
      pacing.admit(request.actor().userId(), Instant.now());
      return true;
    } catch (InvalidInput tooFast) {
      answer(hook, ReplyMessages.render(tooFast, request.interactionId(), request.locale()), null);
      return false;
    }
  }

  /** A channel being set must be one the bot can work in. */
  private static void checkChannel(SlashCommandInteractionEvent event, SlashRequest request) {
    Optional<String> channel = request.option(Options.CHANNEL);
    if ("config channel".equals(request.name())
        && channel.isPresent()
        && event.getGuild() != null) {
      ChannelCheck.check(event.getGuild(), request.required(Options.SETTING), channel.get());
    }
  }

  /** Answers with what {@code answer} reads, off JDA's event thread. */
  private void show(InteractionHook hook, SlashRequest request, Supplier<MessageView> answer) {
    reads.execute(
        () -> {
          try {
            hook.editOriginal(JdaMessages.edit(answer.get())).queue();
          } catch (InvalidInput invalid) {
            answer(
                hook,
                ReplyMessages.render(invalid, request.interactionId(), request.locale()),
                null);
          } catch (RuntimeException e) {
            log.warn(
                "{} in guild {} (interaction {}) could not be answered",
                request.name(),
                request.guildId(),
                request.interactionId(),
                e);
            answer(
                hook,
                new ReplyMessages.Message(
                    ReplyMessages.text(request.locale(), "error.title"),
                    ReplyMessages.text(request.locale(), "read.unavailable"),
                    null),
                null);
          }
        });
  }

  @Override
  public void onButtonInteraction(ButtonInteractionEvent event) {
    String id = event.getComponentId();
    String guild = event.getGuild() == null ? null : event.getGuild().getId();
    Optional<Buttons.Pager> pager = Buttons.pager(id);
    if (pager.isPresent()) {
      page(event, pager.get());
      return;
    }
    var vote = Buttons.vote(id, guild);
    var queue = Buttons.queueResolution(id);
    if (vote.isEmpty() && (queue.isEmpty() || guild == null)) {
      log.warn("Ignoring a press of unknown button {} in guild {}", id, guild);
      event.deferEdit().queue();
      return;
    }
    event.deferReply(true).queue();
    if (vote.isPresent()) {
      SlashRequest request = JdaRequests.request(event, "vote", Map.of(), null);
      send(event.getHook(), request, "vote", r -> envelope(r, vote.get()));
      return;
    }
    Buttons.QueueResolution resolution = queue.get();
    boolean approve = resolution.action() == QueueAction.APPROVE;
    SlashRequest request =
        JdaRequests.request(event, approve ? "approve" : "reject", Map.of(), null);
    Object command =
        approve
            ? new ApproveSuggestion(guild, resolution.queueId(), null)
            : new RejectSuggestion(guild, resolution.queueId(), null);
    send(event.getHook(), request, request.name(), r -> envelope(r, command));
  }

  /** A pager's button: only the member who opened the list may turn its pages. */
  private void page(ButtonInteractionEvent event, Buttons.Pager pager) {
    SlashRequest request = JdaRequests.request(event, pager.kind(), Map.of(), null);
    if (!pager.ownerId().equals(request.actor().userId())) {
      event
          .replyEmbeds(
              JdaMessages.reply(
                  new ReplyMessages.Message(
                      ReplyMessages.text(request.locale(), "error.title"),
                      ReplyMessages.text(request.locale(), "read.not_yours"),
                      null)))
          .setEphemeral(true)
          .queue();
      return;
    }
    event.deferEdit().queue();
    show(
        event.getHook(),
        request,
        () ->
            ReadCommands.page(request, sources.query(), pager)
                .orElseGet(
                    () -> MessageView.text(ReplyMessages.text(request.locale(), "read.closed"))));
  }

  /**
   * "Approve suggestion", "Reject suggestion" and the three "View … voters" on a suggestion's
   * message.
   */
  @Override
  public void onMessageContextInteraction(MessageContextInteractionEvent event) {
    String voters = VOTER_MESSAGES.get(event.getName());
    boolean approve = APPROVE_MESSAGE.equals(event.getName());
    if (voters == null && !approve && !REJECT_MESSAGE.equals(event.getName())) {
      return;
    }
    event.deferReply(true).queue();
    String command = voters != null ? "view voters" : approve ? "approve" : "reject";
    SlashRequest request =
        JdaRequests.request(
            event,
            command,
            suggestionIdOf(event.getTarget())
                .map(id -> Map.of(Options.SUGGESTION_ID, id))
                .orElse(Map.of()),
            null);
    if (!paced(event.getHook(), request)) {
      return;
    }
    if (voters != null) {
      show(
          event.getHook(),
          request,
          () ->
              ReadCommands.voters(
                  request, sources.query(), request.shortId(Options.SUGGESTION_ID), voters));
    } else {
      send(event.getHook(), request, command, r -> commands.envelope(r, requesterId()));
    }
  }

  @Override
  public void onCommandAutoCompleteInteraction(CommandAutoCompleteInteractionEvent event) {
    if (!Options.SUGGESTION_ID.equals(event.getFocusedOption().getName())
        || event.getGuild() == null) {
      event.replyChoices(List.of()).queue();
      return;
    }
    String guild = event.getGuild().getId();
    String typed = event.getFocusedOption().getValue();
    reads.execute(
        () -> {
          List<String> ids;
          try {
            ids = sources.query().suggestionIds(guild, typed);
          } catch (RuntimeException e) {
            log.warn("Autocomplete for guild {} failed: {}", guild, e.getMessage());
            ids = List.of();
          }
          event.replyChoiceStrings(ids).queue();
        });
  }

  /** Sends the request's command and answers with its reply, or the refusal of its input. */
  private void send(
      InteractionHook hook,
      SlashRequest request,
      String name,
      Function<SlashRequest, CommandEnvelope> toEnvelope) {
    CommandEnvelope envelope;
    try {
      envelope = toEnvelope.apply(request);
    } catch (InvalidInput invalid) {
      answer(hook, ReplyMessages.render(invalid, request.interactionId(), request.locale()), null);
      return;
    }
    requester
        .send(envelope)
        .orTimeout(replyTimeout.toMillis(), TimeUnit.MILLISECONDS)
        .whenComplete(
            (reply, error) -> {
              if (error == null) {
                log.info(
                    "{} in guild {} by {}: {} (command {})",
                    name,
                    request.guildId(),
                    request.actor().userId(),
                    reply.accepted() ? "accepted" : "refused " + reply.errorCode(),
                    envelope.commandId());
                answer(
                    hook,
                    ReplyMessages.render(reply, name, request.locale()),
                    keep(reply, request));
              } else {
                log.warn(
                    "{} in guild {} (command {}) has no decision: {}",
                    name,
                    request.guildId(),
                    envelope.commandId(),
                    error.toString());
                answer(hook, pendingOrFailed(error, request), null);
              }
            });
  }

  /** A suggestion refused as too long comes back as a file, so the text is not lost. */
  private static FileUpload keep(ReplyEnvelope reply, SlashRequest request) {
    if (reply.accepted()
        || reply.errorCode() == null
        || reply.errorCode() != ErrorCode.SUGGESTION_TOO_LONG.number()) {
      return null;
    }
    return request
        .option(Options.TEXT)
        .map(text -> FileUpload.fromData(text.getBytes(StandardCharsets.UTF_8), "suggestion.txt"))
        .orElse(null);
  }

  private static ReplyMessages.Message pendingOrFailed(Throwable error, SlashRequest request) {
    Throwable cause = error.getCause() == null ? error : error.getCause();
    if (error instanceof TimeoutException || cause instanceof TimeoutException) {
      return ReplyMessages.pending(request.locale());
    }
    return ReplyMessages.unavailable(request.interactionId(), request.locale());
  }

  private static void answer(InteractionHook hook, ReplyMessages.Message message, FileUpload file) {
    MessageEmbed embed = JdaMessages.reply(message);
    var edit = new MessageEditBuilder().setEmbeds(embed);
    if (file != null) {
      edit.setFiles(file);
    }
    hook.editOriginal(edit.build()).queue();
  }

  private CommandEnvelope envelope(SlashRequest request, Object command) {
    return GatewayCommands.envelope(request, command, requesterId());
  }

  private String requesterId() {
    return requester.requesterId();
  }

  /** The sID a message of ours shows: in its vote buttons, or at the end of its footer. */
  static Optional<String> suggestionIdOf(Message message) {
    for (MessageEmbed embed : message.getEmbeds()) {
      if (embed.getFooter() != null) {
        Optional<String> id = SuggestionMessages.suggestionIdIn(embed.getFooter().getText());
        if (id.isPresent()) {
          return id;
        }
      }
    }
    return Optional.empty();
  }
}
