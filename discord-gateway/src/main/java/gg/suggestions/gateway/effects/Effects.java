package gg.suggestions.gateway.effects;

import static gg.suggestions.gateway.i18n.ReplyMessages.text;

import gg.suggestions.eventstore.contract.guildconfig.GuildChannel;
import gg.suggestions.eventstore.contract.guildconfig.GuildToggle;
import gg.suggestions.eventstore.contract.legacy.LegacyImports;
import gg.suggestions.eventstore.contract.suggestion.QueueMode;
import gg.suggestions.eventstore.contract.suggestion.QueuedSuggestionApproved;
import gg.suggestions.eventstore.contract.suggestion.QueuedSuggestionCleared;
import gg.suggestions.eventstore.contract.suggestion.QueuedSuggestionMessagePosted;
import gg.suggestions.eventstore.contract.suggestion.QueuedSuggestionRejected;
import gg.suggestions.eventstore.contract.suggestion.RecordQueuedSuggestionMessage;
import gg.suggestions.eventstore.contract.suggestion.RecordSuggestionMessage;
import gg.suggestions.eventstore.contract.suggestion.RecordSuggestionMessageDeletion;
import gg.suggestions.eventstore.contract.suggestion.RecordSuggestionThread;
import gg.suggestions.eventstore.contract.suggestion.RecordSuggestionThreadArchival;
import gg.suggestions.eventstore.contract.suggestion.SuggestionApproved;
import gg.suggestions.eventstore.contract.suggestion.SuggestionCleared;
import gg.suggestions.eventstore.contract.suggestion.SuggestionMessagePosted;
import gg.suggestions.eventstore.contract.suggestion.SuggestionNoteAdded;
import gg.suggestions.eventstore.contract.suggestion.SuggestionNoteRemoved;
import gg.suggestions.eventstore.contract.suggestion.SuggestionQueued;
import gg.suggestions.eventstore.contract.suggestion.SuggestionRejected;
import gg.suggestions.eventstore.contract.suggestion.SuggestionSubmitted;
import gg.suggestions.eventstore.contract.suggestion.SuggestionThreadCreated;
import gg.suggestions.eventstore.contract.suggestion.VoteCast;
import gg.suggestions.eventstore.contract.suggestion.VoteSwitched;
import gg.suggestions.eventstore.contract.suggestion.VoteWithdrawn;
import gg.suggestions.eventstore.contract.userconfig.MemberForgotten;
import gg.suggestions.eventstore.envelope.AxonEnvelopes;
import gg.suggestions.eventstore.envelope.EventEnvelope;
import gg.suggestions.eventstore.privacy.Sealing;
import gg.suggestions.gateway.read.QueryApi;
import gg.suggestions.gateway.read.Views;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What each event does on Discord. Every effect is safe to repeat, because the effects consumer
 * repeats an event whose effects were cut short (a crash, a Discord outage):
 *
 * <ul>
 *   <li>state is read from the query API at least at the event's sequence, so a Discord id that was
 *       recorded already is seen and its post is not repeated;
 *   <li>posts and DMs carry a nonce derived from the event id, so Discord answers a repeated post
 *       that was made but not yet recorded with the message it already created;
 *   <li>Discord ids are recorded with command ids derived from the event id, and recording a fact
 *       twice changes nothing.
 * </ul>
 *
 * Message edits for votes and notes are not done here: they are {@linkplain Change changes} the
 * consumer coalesces and renders from the latest state.
 */
public final class Effects {

  private static final Logger log = LoggerFactory.getLogger(Effects.class);

  /** A suggestion whose message must show its latest state; at least {@code sequence}. */
  public record Change(String guildId, String suggestionId, long sequence) {}

  /** Records a Discord fact as a command; waits until it is accepted. */
  public interface Recorder {
    void record(String commandId, String guildId, Object command);
  }

  /** How long a read model that lags behind an event is waited for. */
  private static final Duration SETTLING = Duration.ofMinutes(2);

  private final DiscordActions discord;
  private final QueryApi read;
  private final Recorder recorder;

  public Effects(DiscordActions discord, QueryApi read, Recorder recorder) {
    this.discord = discord;
    this.read = read;
    this.recorder = recorder;
  }

  /**
   * Carries out {@code payload}'s effects.
   *
   * @return the message change it asks for, if any, for the consumer to coalesce
   */
  public Optional<Change> apply(EventEnvelope event, Object payload) {
    if (event.metadata() != null && LegacyImports.isImported(event.metadata().commandId())) {
      // The old bot's history: its messages were posted long ago, and nobody is told again.
      return Optional.empty();
    }
    String guild = event.guildId();
    if (payload instanceof SuggestionSubmitted e) {
      submitted(event, e);
    } else if (payload instanceof SuggestionApproved e) {
      resolved(event, e.suggestionId(), e.moderatorId(), e.response(), true);
    } else if (payload instanceof SuggestionRejected e) {
      resolved(event, e.suggestionId(), e.moderatorId(), e.response(), false);
    } else if (payload instanceof SuggestionMessagePosted e) {
      return messageRecorded(event, e.suggestionId());
    } else if (payload instanceof SuggestionThreadCreated e) {
      threadRecorded(event, e.suggestionId());
    } else if (payload instanceof SuggestionCleared e) {
      cleared(event, e);
    } else if (payload instanceof SuggestionNoteAdded e) {
      noteDm(event, e.suggestionId(), "dm.note_added", e.note());
      return Optional.of(new Change(guild, e.suggestionId(), event.sequence()));
    } else if (payload instanceof SuggestionNoteRemoved e) {
      noteDm(event, e.suggestionId(), "dm.note_removed", null);
      return Optional.of(new Change(guild, e.suggestionId(), event.sequence()));
    } else if (payload instanceof VoteCast e) {
      return Optional.of(new Change(guild, e.suggestionId(), event.sequence()));
    } else if (payload instanceof VoteSwitched e) {
      return Optional.of(new Change(guild, e.suggestionId(), event.sequence()));
    } else if (payload instanceof VoteWithdrawn e) {
      return Optional.of(new Change(guild, e.suggestionId(), event.sequence()));
    } else if (payload instanceof SuggestionQueued e) {
      queued(event, e);
    } else if (payload instanceof QueuedSuggestionApproved e) {
      queueResolved(event, e.queueId(), true);
    } else if (payload instanceof QueuedSuggestionRejected e) {
      queueResolved(event, e.queueId(), false);
    } else if (payload instanceof QueuedSuggestionMessagePosted e) {
      queueMessageRecorded(event, e.queueId());
    } else if (payload instanceof QueuedSuggestionCleared e) {
      queueCleared(event, e);
    } else if (payload instanceof MemberForgotten e) {
      forgotten(e);
    }
    return Optional.empty();
  }

  /**
   * A forgotten member's suggestion messages are shown again once the read model has scrubbed them:
   * their text "[removed]", their author anonymous (docs/privacy.md).
   */
  private void forgotten(MemberForgotten e) {
    Sealing.process()
        .forgottenMembers(e.keyIds())
        .forEach(
            (member, pseudonym) -> {
              Set<List<String>> touched = new LinkedHashSet<>(read.suggestionsNaming(member));
              touched.addAll(read.suggestionsNaming(pseudonym));
              for (List<String> key : touched) {
                awaitScrubbed(key.get(0), key.get(1), member);
                show(new Change(key.get(0), key.get(1), -1));
              }
              log.info("Showed {} suggestion messages of a forgotten member again", touched.size());
            });
  }

  /** The author as Discord shows them; none for a forgotten member, whose id is a pseudonym. */
  private SuggestionMessages.Author authorOf(String userId) {
    return Sealing.isPseudonym(userId) ? null : discord.author(userId);
  }

  /** Waits until the read model names {@code member} nowhere on the suggestion any more. */
  private void awaitScrubbed(String guild, String sid, String member) {
    long deadline = System.nanoTime() + SETTLING.toNanos();
    while (System.nanoTime() < deadline) {
      Optional<Views.Suggestion> s = read.suggestion(guild, sid, -1);
      if (s.isEmpty() || !names(s.get(), member)) {
        return;
      }
      try {
        Thread.sleep(200);
      } catch (InterruptedException interrupted) {
        Thread.currentThread().interrupt();
        return;
      }
    }
    log.warn(
        "Suggestion {} of guild {} still names a forgotten member after {}", sid, guild, SETTLING);
  }

  private static boolean names(Views.Suggestion s, String member) {
    return member.equals(s.submission().authorId())
        || (s.note() != null && member.equals(s.note().moderatorId()))
        || (s.resolution() != null && member.equals(s.resolution().moderatorId()));
  }

  /** Edits a suggestion's message to show its current state; nothing if it has no message. */
  public void show(Change change) {
    Views.Suggestion s = suggestion(change.guildId(), change.suggestionId(), change.sequence());
    if (s.discord() == null || s.discord().messageId() == null || "CLEARED".equals(s.state())) {
      return;
    }
    Views.GuildSettings settings = read.guild(change.guildId());
    discord.edit(
        s.discord().channelId(),
        s.discord().messageId(),
        render(s, settings, locale(settings, null)));
  }

  private void submitted(EventEnvelope event, SuggestionSubmitted e) {
    String guild = event.guildId();
    Views.Suggestion s = suggestion(guild, e.suggestionId(), event.sequence());
    Views.GuildSettings settings = read.guild(guild);
    String locale = locale(settings, event);
    String channel = s.discord() == null ? null : s.discord().channelId();
    String message = s.discord() == null ? null : s.discord().messageId();
    if (message == null) {
      channel = requiredChannel(settings, GuildChannel.SUGGESTIONS, event);
      if (channel == null) {
        log.warn(
            "Suggestion {} of guild {} (event {}) is not posted: the guild has no suggestions"
                + " channel any more",
            e.suggestionId(),
            guild,
            event.eventId());
        return;
      }
      String posted = channel;
      message =
          postAndRecord(
              event,
              "post",
              channel,
              SuggestionMessages.pending(s, authorOf(e.authorId()), locale),
              id -> new RecordSuggestionMessage(guild, e.suggestionId(), posted, id));
    }
    if (settings.on(GuildToggle.THREADS_FOR_SUGGESTIONS)
        && (s.discord() == null || s.discord().threadId() == null)) {
      String thread = discord.startThread(channel, message, e.suggestionId());
      recorder.record(
          commandId(event, "thread"),
          guild,
          new RecordSuggestionThread(guild, e.suggestionId(), thread));
      if (settings.on(GuildToggle.PING_ON_THREAD_CREATION)
          && !e.anonymous()
          && read.user(e.authorId()).threadPings()) {
        discord.post(
            thread,
            MessageView.text(text(locale, "thread.ping", "<@" + e.authorId() + ">")),
            nonce(event, "ping"));
      }
    }
    // A suggestion published from the queue was announced when the queue item was approved.
    if (e.authorId().equals(AxonEnvelopes.actorOf(event))) {
      dm(
          event,
          settings,
          e.authorId(),
          e.suggestionId(),
          text(locale, "dm.submitted", discord.guildName(guild), e.suggestionId()));
    }
  }

  private void resolved(
      EventEnvelope event, String sid, String moderatorId, String response, boolean approved) {
    String guild = event.guildId();
    Views.Suggestion s = suggestion(guild, sid, event.sequence());
    Views.GuildSettings settings = read.guild(guild);
    String locale = locale(settings, event);
    boolean anonymous = settings.on(GuildToggle.ANONYMOUS_RESOLUTIONS);
    showResolution(event, s, settings, locale);
    archiveThread(event, s, settings);
    String guildName = discord.guildName(guild);
    String text =
        anonymous
            ? text(
                locale,
                approved ? "dm.approved_anonymous" : "dm.rejected_anonymous",
                guildName,
                sid)
            : text(
                locale,
                approved ? "dm.approved" : "dm.rejected",
                guildName,
                sid,
                "<@" + moderatorId + ">");
    dm(event, settings, s.submission().authorId(), sid, withResponse(text, response, locale));
  }

  /**
   * A resolved suggestion's message: edited in place with {@code keep_logs}, else a copy in the log
   * channel and the original deleted. Nothing while the message is not recorded yet: the record
   * comes later and shows the resolution then.
   */
  private void showResolution(
      EventEnvelope event, Views.Suggestion s, Views.GuildSettings settings, String locale) {
    Views.Discord where = s.discord();
    if (where == null || where.messageId() == null) {
      return;
    }
    String guild = event.guildId();
    MessageView view = render(s, settings, locale);
    String logChannel = settings.channel(GuildChannel.LOG);
    if (settings.on(GuildToggle.KEEP_LOGS)
        || logChannel == null
        || logChannel.equals(where.channelId())) {
      discord.edit(where.channelId(), where.messageId(), view);
    } else {
      postAndRecord(
          event,
          "log",
          logChannel,
          view,
          id -> new RecordSuggestionMessage(guild, s.id(), logChannel, id));
      discord.delete(where.channelId(), where.messageId());
    }
  }

  /**
   * A message recorded after its suggestion changed (members or moderators were faster than the
   * post's record) shows the change now: votes or a note through an edit, a resolution or a
   * clearing at once.
   */
  private Optional<Change> messageRecorded(EventEnvelope event, String sid) {
    Views.Suggestion s = suggestion(event.guildId(), sid, event.sequence());
    if (s.pending()) {
      // What happened before the message id was known: votes, a note, or its author forgotten
      // (the forgetting found no message to edit then).
      boolean changed =
          s.upVotes() + s.downVotes() > 0
              || s.note() != null
              || Sealing.isPseudonym(s.submission().authorId());
      return changed
          ? Optional.of(new Change(event.guildId(), sid, event.sequence()))
          : Optional.empty();
    }
    if ("CLEARED".equals(s.state())) {
      removeMessage(event, s);
    } else {
      Views.GuildSettings settings = read.guild(event.guildId());
      showResolution(event, s, settings, locale(settings, event));
    }
    return Optional.empty();
  }

  /** A resolved suggestion's thread is locked and archived when the guild wants it. */
  private void archiveThread(
      EventEnvelope event, Views.Suggestion s, Views.GuildSettings settings) {
    Views.Discord where = s.discord();
    if (settings.on(GuildToggle.AUTO_ARCHIVE_THREADS)
        && where != null
        && where.threadId() != null
        && !where.threadArchived()) {
      discord.archive(where.threadId());
      recorder.record(
          commandId(event, "archive"),
          event.guildId(),
          new RecordSuggestionThreadArchival(event.guildId(), s.id(), where.threadId()));
    }
  }

  /** A thread recorded after its suggestion was resolved is archived then. */
  private void threadRecorded(EventEnvelope event, String sid) {
    Views.Suggestion s = suggestion(event.guildId(), sid, event.sequence());
    if ("APPROVED".equals(s.state()) || "REJECTED".equals(s.state())) {
      archiveThread(event, s, read.guild(event.guildId()));
    }
  }

  private void removeMessage(EventEnvelope event, Views.Suggestion s) {
    Views.Discord where = s.discord();
    if (where != null && where.messageId() != null) {
      discord.delete(where.channelId(), where.messageId());
      recorder.record(
          commandId(event, "delete"),
          event.guildId(),
          new RecordSuggestionMessageDeletion(event.guildId(), s.id(), where.messageId()));
    }
  }

  private void cleared(EventEnvelope event, SuggestionCleared e) {
    removeMessage(event, suggestion(event.guildId(), e.suggestionId(), event.sequence()));
  }

  private void noteDm(EventEnvelope event, String sid, String key, String note) {
    Views.Suggestion s = suggestion(event.guildId(), sid, event.sequence());
    Views.GuildSettings settings = read.guild(event.guildId());
    String locale = locale(settings, event);
    dm(
        event,
        settings,
        s.submission().authorId(),
        sid,
        text(locale, key, discord.guildName(event.guildId()), sid, note));
  }

  private void queued(EventEnvelope event, SuggestionQueued e) {
    String guild = event.guildId();
    Views.GuildSettings settings = read.guild(guild);
    String locale = locale(settings, event);
    if (e.mode() == QueueMode.CHANNEL) {
      Views.QueuedItem item = queuedItem(guild, e.queueId(), event.sequence());
      String channel = requiredChannel(settings, GuildChannel.QUEUE, event);
      if (item.messageId() == null && channel != null) {
        postAndRecord(
            event,
            "queue",
            channel,
            SuggestionMessages.queued(item, authorOf(e.authorId()), locale),
            id -> new RecordQueuedSuggestionMessage(guild, e.queueId(), channel, id));
      }
    }
    dm(
        event,
        settings,
        e.authorId(),
        e.queueId(),
        text(locale, "dm.queued", discord.guildName(guild), e.queueId()));
  }

  private void queueResolved(EventEnvelope event, String queueId, boolean approved) {
    String guild = event.guildId();
    Views.QueuedItem item = queuedItem(guild, queueId, event.sequence());
    Views.GuildSettings settings = read.guild(guild);
    String locale = locale(settings, event);
    MessageView view = queueView(item, settings, locale);
    if (item.messageId() != null) {
      discord.edit(item.channelId(), item.messageId(), view);
    }
    String rejections = settings.channel(GuildChannel.QUEUE_REJECTION);
    if (!approved && rejections != null) {
      discord.post(rejections, view, nonce(event, "rejection"));
    }
    String guildName = discord.guildName(guild);
    String response = item.resolution() == null ? null : item.resolution().response();
    String text =
        approved
            ? text(locale, "dm.queue_approved", guildName, item.publishedAs())
            : withResponse(text(locale, "dm.queue_rejected", guildName, queueId), response, locale);
    dm(event, settings, item.authorId(), queueId, text);
  }

  /**
   * A queue message recorded after its item was reviewed (the moderator was faster than the post's
   * record) shows the outcome now, or goes if the item was cleared.
   */
  private void queueMessageRecorded(EventEnvelope event, String queueId) {
    Views.QueuedItem item = queuedItem(event.guildId(), queueId, event.sequence());
    if ("QUEUED".equals(item.state()) || item.messageId() == null) {
      return;
    }
    if ("CLEARED".equals(item.state())) {
      discord.delete(item.channelId(), item.messageId());
      return;
    }
    Views.GuildSettings settings = read.guild(event.guildId());
    discord.edit(
        item.channelId(), item.messageId(), queueView(item, settings, locale(settings, event)));
  }

  private void queueCleared(EventEnvelope event, QueuedSuggestionCleared e) {
    Views.QueuedItem item = queuedItem(event.guildId(), e.queueId(), event.sequence());
    if (item.messageId() != null) {
      discord.delete(item.channelId(), item.messageId());
    }
  }

  /**
   * A channel the command service required when it accepted {@code event}: missing in a young
   * event's settings means the settings projection is behind, so the effect waits for it; missing
   * after {@link #SETTLING}, it was unset since, and the effect has nowhere to go.
   */
  private static String requiredChannel(
      Views.GuildSettings settings, GuildChannel which, EventEnvelope event) {
    String channel = settings.channel(which);
    if (channel == null && event.occurredAt().isAfter(Instant.now().minus(SETTLING))) {
      throw new QueryApi.Unavailable(
          "The settings of guild " + event.guildId() + " show no " + which + " channel yet", null);
    }
    return channel;
  }

  /** A DM to the author, when both the guild and the author allow it; a refusal is logged. */
  private void dm(
      EventEnvelope event, Views.GuildSettings settings, String userId, String id, String text) {
    if (!settings.on(GuildToggle.DM_MESSAGES) || !read.user(userId).directMessages()) {
      return;
    }
    String locale = locale(settings, event);
    var view =
        new MessageView(
            null,
            new MessageView.Embed(
                text(locale, "dm.title", id),
                text,
                List.of(),
                SuggestionMessages.PENDING,
                null,
                null,
                null,
                null),
            List.of());
    try {
      discord.directMessage(userId, view, nonce(event, "dm"));
    } catch (DiscordActions.PermanentFailure refused) {
      log.info(
          "No DM to {} about {} in guild {} (event {}): {}",
          userId,
          id,
          event.guildId(),
          event.eventId(),
          refused.getMessage());
    }
  }

  /** A reviewed queue item's message: who approved or rejected it (unless hidden); no buttons. */
  private MessageView queueView(
      Views.QueuedItem item, Views.GuildSettings settings, String locale) {
    String moderator = item.resolution() == null ? null : item.resolution().moderatorId();
    String resolver =
        settings.on(GuildToggle.ANONYMOUS_RESOLUTIONS) || moderator == null
            ? null
            : "<@" + moderator + ">";
    return SuggestionMessages.queueResolved(item, authorOf(item.authorId()), resolver, locale);
  }

  /** The message for a suggestion in its state: pending with buttons, or resolved. */
  private MessageView render(Views.Suggestion s, Views.GuildSettings settings, String locale) {
    var author = authorOf(s.submission().authorId());
    if (s.pending()) {
      return SuggestionMessages.pending(s, author, locale);
    }
    String moderator = s.resolution() == null ? null : s.resolution().moderatorId();
    boolean hide = settings.on(GuildToggle.ANONYMOUS_RESOLUTIONS) || moderator == null;
    return SuggestionMessages.resolved(s, author, hide ? null : "<@" + moderator + ">", locale);
  }

  private static String withResponse(String text, String response, String locale) {
    return response == null || response.isBlank()
        ? text
        : text + "\n" + text(locale, "dm.response", response);
  }

  private Views.Suggestion suggestion(String guild, String sid, long atLeast) {
    return read.suggestion(guild, sid, atLeast)
        .orElseThrow(
            () ->
                new QueryApi.Unavailable(
                    "Suggestion " + sid + " of " + guild + " is not projected yet", null));
  }

  private Views.QueuedItem queuedItem(String guild, String queueId, long atLeast) {
    return read.queuedItem(guild, queueId, atLeast)
        .orElseThrow(
            () ->
                new QueryApi.Unavailable(
                    "Queue item " + queueId + " of " + guild + " is not projected yet", null));
  }

  /**
   * Messages to others use the guild's language: its override, else Discord's for the guild as the
   * event saw it, else en-GB.
   */
  static String locale(Views.GuildSettings settings, EventEnvelope event) {
    if (settings.locale() != null) {
      return settings.locale();
    }
    return event == null ? null : event.metadata().guildLocale();
  }

  /**
   * Posts {@code purpose}'s message of {@code event} and records its id: the nonce and the record's
   * command id both derive from the event and the purpose, so a repeat posts and records nothing
   * new.
   *
   * @return the message id
   */
  private String postAndRecord(
      EventEnvelope event,
      String purpose,
      String channel,
      MessageView view,
      Function<String, Object> recordOf) {
    String message = discord.post(channel, view, nonce(event, purpose));
    recorder.record(commandId(event, purpose), event.guildId(), recordOf.apply(message));
    return message;
  }

  /** The id of the command that records {@code purpose}'s Discord fact of {@code event}. */
  static String commandId(EventEnvelope event, String purpose) {
    return "fx:" + event.eventId() + ":" + purpose;
  }

  /** Discord's nonce (at most 25 characters) of {@code purpose}'s post for {@code event}. */
  static String nonce(EventEnvelope event, String purpose) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256")
              .digest((event.eventId() + "/" + purpose).getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest).substring(0, 25);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
