package gg.suggestions.query.legacy;

import com.fasterxml.jackson.databind.ObjectMapper;
import gg.suggestions.eventstore.contract.Actor;
import gg.suggestions.eventstore.contract.ErrorCode;
import gg.suggestions.eventstore.contract.guildconfig.GuildChannel;
import gg.suggestions.eventstore.contract.guildconfig.GuildToggle;
import gg.suggestions.eventstore.contract.legacy.ImportLegacyGuild;
import gg.suggestions.eventstore.contract.legacy.ImportLegacyInteractions;
import gg.suggestions.eventstore.contract.legacy.ImportLegacyInteractions.LegacyInteraction;
import gg.suggestions.eventstore.contract.legacy.ImportLegacyQueue;
import gg.suggestions.eventstore.contract.legacy.ImportLegacySuggestions;
import gg.suggestions.eventstore.contract.legacy.ImportLegacySuggestions.LegacySuggestion;
import gg.suggestions.eventstore.contract.legacy.ImportLegacyUserConfig;
import gg.suggestions.eventstore.contract.legacy.ImportLegacyVotes;
import gg.suggestions.eventstore.contract.legacy.LegacyImports;
import gg.suggestions.eventstore.contract.legacy.QueuedSuggestionImported;
import gg.suggestions.eventstore.contract.legacy.SuggestionImported;
import gg.suggestions.eventstore.envelope.CommandEnvelope;
import gg.suggestions.eventstore.envelope.EnvelopeCodec;
import gg.suggestions.eventstore.envelope.ReplyEnvelope;
import gg.suggestions.eventstore.limits.Limits;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Writes what an import reads as commands through the command service, so the old bot's history
 * gets the sequence numbers, fencing and checks of any other: each guild is opened first ({@link
 * ImportLegacyGuild}, with its old settings), then its suggestions, queue and statistics follow in
 * chunks on the guild's partition, in order. Every command id is made from what it carries, so the
 * same dump sent again is answered from the handled ids and writes nothing twice; an item a rerun
 * chunks differently is found by its id and counted as present.
 *
 * <p>Each reply is accounted to the documents its command carried: a refused command or item moves
 * its document from imported to skipped with the reason, so the report still reads read = imported
 * + skipped. A command with no answer in time is reported the same way, and the operator runs the
 * import again.
 */
public final class LegacyWriter implements LegacyImport.Facts {

  /** Sends one command; completes with its reply. */
  @FunctionalInterface
  public interface Sender {
    CompletableFuture<ReplyEnvelope> send(CommandEnvelope command);
  }

  /** The most items of one command; the command's JSON stays well under the 64 KiB limit. */
  static final int MAX_ITEMS = 100;

  static final int MAX_BYTES = 40 * 1024;

  /** Voters sent with their suggestion; the rest follow in {@link ImportLegacyVotes}. */
  static final int INLINE_VOTERS = 50;

  private static final int LIST_MAX = Limits.LIST_MAX;
  private static final String NOT_OPENED = "The guild was not opened for the import";

  private final Sender sender;
  private final String operatorId;
  private final boolean merge;
  private final ImportReport report;
  private final Semaphore window;
  private final int windowSize;
  private final Duration timeout;
  private final ObjectMapper mapper = EnvelopeCodec.defaultMapper();
  private final Set<String> opened = new HashSet<>();
  private final Map<String, String> refusedGuilds = new ConcurrentHashMap<>();
  private final Map<String, Chunk> chunks = new LinkedHashMap<>();
  private final Map<String, Integer> chunksSent = new java.util.HashMap<>();
  private final AtomicLong sent = new AtomicLong();
  private final AtomicLong answered = new AtomicLong();
  private final AtomicLong unanswered = new AtomicLong();

  /**
   * @param operatorId the operator's Discord id: who imported, as the events say
   * @param merge import into guilds with history here too, keeping their own settings
   * @param window how many commands may wait for their answer at once
   * @param timeout how long one command's answer is waited for
   */
  public LegacyWriter(
      Sender sender,
      String operatorId,
      boolean merge,
      ImportReport report,
      int window,
      Duration timeout) {
    this.sender = sender;
    this.operatorId = operatorId;
    this.merge = merge;
    this.report = report;
    this.window = new Semaphore(window);
    this.windowSize = window;
    this.timeout = timeout;
  }

  /** Where an item came from, to account for its reply. */
  private record Source(String collection, String documentId) {}

  private enum Kind {
    SUGGESTIONS,
    QUEUE,
    INTERACTIONS
  }

  /** A command being filled: one guild's items of one kind. */
  private static final class Chunk {
    final Kind kind;
    final String guildId;
    final List<Object> items = new ArrayList<>();
    final List<Source> sources = new ArrayList<>();
    final List<ImportLegacyVotes> moreVotes = new ArrayList<>();
    int bytes;

    Chunk(Kind kind, String guildId) {
      this.kind = kind;
      this.guildId = guildId;
    }
  }

  @Override
  public void fact(String collection, String documentId, Object fact) {
    Source source = new Source(collection, documentId);
    if (fact instanceof LegacyFacts.GuildConfig config) {
      openGuild(config.guildId(), config, source);
    } else if (fact instanceof LegacyFacts.UserConfig user) {
      user(user, source);
    } else if (fact instanceof LegacyFacts.Suggestion suggestion) {
      suggestion(suggestion, source);
    } else if (fact instanceof LegacyFacts.QueuedItem item) {
      add(Kind.QUEUE, item.submission().guildId(), queued(item), source, List.of());
    } else if (fact instanceof LegacyFacts.Interaction interaction) {
      add(
          Kind.INTERACTIONS,
          interaction.guildId(),
          new LegacyInteraction(
              interaction.actorId(),
              interaction.command() == null ? LegacyImports.LOCALE_ONLY : interaction.command(),
              interaction.locale(),
              interaction.completed(),
              interaction.at()),
          source,
          List.of());
    } else {
      throw new IllegalArgumentException("No way to write " + fact.getClass().getSimpleName());
    }
  }

  @Override
  public void collectionRead(String collection) {
    flush();
  }

  /** Sends every command still being filled. */
  public void flush() {
    List<Chunk> all = new ArrayList<>(chunks.values());
    chunks.clear();
    all.forEach(this::send);
  }

  /**
   * Sends what is left and waits until every command is answered or timed out.
   *
   * @param waiting told, every few seconds, the commands still unanswered
   * @return the commands that got no answer in time (their documents are reported skipped)
   */
  public long finish(java.util.function.LongConsumer waiting) throws InterruptedException {
    flush();
    while (!window.tryAcquire(windowSize, 2, TimeUnit.SECONDS)) {
      waiting.accept(windowSize - window.availablePermits());
    }
    window.release(windowSize);
    return unanswered.get();
  }

  /** Commands sent so far. */
  public long sent() {
    return sent.get();
  }

  /** Commands answered so far. */
  public long answered() {
    return answered.get();
  }

  private void openGuild(String guildId, LegacyFacts.GuildConfig config, Source source) {
    opened.add(guildId);
    Map<GuildChannel, String> channels = new EnumMap<>(GuildChannel.class);
    Map<GuildToggle, Boolean> toggles = new EnumMap<>(GuildToggle.class);
    List<String> blocked = List.of();
    if (config != null) {
      putIfSet(channels, GuildChannel.SUGGESTIONS, config.suggestionsChannelId());
      putIfSet(channels, GuildChannel.LOG, config.logChannelId());
      putIfSet(channels, GuildChannel.QUEUE, config.queuedChannelId());
      putIfSet(channels, GuildChannel.QUEUE_REJECTION, config.queuedLogChannelId());
      toggles.put(GuildToggle.KEEP_LOGS, config.keepLogs());
      toggles.put(GuildToggle.DM_MESSAGES, !config.dmMessagesDisabled());
      toggles.put(GuildToggle.THREADS_FOR_SUGGESTIONS, config.threadsForSuggestions());
      toggles.put(GuildToggle.PING_ON_THREAD_CREATION, config.pingOnThreadCreation());
      toggles.put(GuildToggle.AUTO_ARCHIVE_THREADS, config.autoArchiveThreads());
      toggles.put(GuildToggle.ANONYMOUS_SUGGESTIONS, config.anonymousSuggestions());
      toggles.put(GuildToggle.IMAGES_IN_SUGGESTIONS, config.imagesInSuggestions());
      toggles.put(GuildToggle.ANONYMOUS_RESOLUTIONS, config.anonymousResolutions());
      toggles.put(GuildToggle.SUGGESTION_QUEUE, config.usesSuggestionQueue());
      toggles.put(GuildToggle.CHANNEL_QUEUE, !config.virtualSuggestionQueue());
      blocked = config.blockedUsers();
    }
    // A long blocklist goes in several commands; the first opens the guild.
    int from = 0;
    do {
      List<String> part = blocked.subList(from, Math.min(blocked.size(), from + LIST_MAX));
      var command =
          new ImportLegacyGuild(
              guildId,
              from == 0 ? channels : Map.of(),
              from == 0 ? toggles : Map.of(),
              part,
              merge);
      boolean opening = from == 0;
      send(
          guildId,
          command,
          List.of("guild", guildId, Integer.toString(from), String.join(",", part)),
          reply -> {
            if (!reply.accepted() && opening) {
              refusedGuilds.put(guildId, "the guild: " + why(reply));
            }
            if (source != null && opening) {
              account(source, reply, 1);
            }
          },
          source == null || !opening ? List.of() : List.of(source));
      from += LIST_MAX;
    } while (from < blocked.size());
  }

  private static void putIfSet(Map<GuildChannel, String> channels, GuildChannel c, String id) {
    if (id != null) {
      channels.put(c, id);
    }
  }

  private void user(LegacyFacts.UserConfig user, Source source) {
    if (!user.dmMessagesDisabled() && user.pingOnThreadCreation()) {
      // The defaults here too: nothing to write.
      report.of(source.collection()).written(1);
      report.of(source.collection()).note("members with the default settings", 1);
      return;
    }
    var command =
        new ImportLegacyUserConfig(
            user.userId(), !user.dmMessagesDisabled(), user.pingOnThreadCreation());
    sendAs(
        new Actor(user.userId(), Actor.ADMINISTRATOR, List.of()),
        null,
        command,
        List.of("user", user.userId(), command.toString()),
        reply -> {
          account(source, reply, 1);
          if (reply.accepted() && reply.result().containsKey(LegacyImports.PRESENT)) {
            report
                .of(source.collection())
                .note("members with settings here already: theirs kept", 1);
          }
        },
        List.of(source));
  }

  private void suggestion(LegacyFacts.Suggestion s, Source source) {
    LegacyFacts.Submission sub = s.submission();
    var imported =
        new SuggestionImported(
            sub.guildId(),
            s.suggestionId(),
            sub.authorId(),
            sub.text(),
            sub.imageUrl(),
            sub.anonymous(),
            sub.createdAt(),
            s.state(),
            s.resolvedBy(),
            s.response(),
            Boolean.TRUE.equals(s.anonymousResolution()),
            s.resolvedAt(),
            s.noteBy(),
            s.note(),
            s.channelId(),
            s.messageId(),
            s.threadId(),
            s.reactionUpVotes(),
            s.reactionDownVotes());
    List<String> up = new ArrayList<>(s.upVoters());
    List<String> down = new ArrayList<>(s.downVoters());
    List<ImportLegacyVotes> more = new ArrayList<>();
    for (int from = INLINE_VOTERS; from < Math.max(up.size(), down.size()); from += LIST_MAX) {
      more.add(
          new ImportLegacyVotes(
              sub.guildId(), s.suggestionId(), slice(up, from), slice(down, from)));
    }
    var item =
        new LegacySuggestion(
            imported,
            up.subList(0, Math.min(up.size(), INLINE_VOTERS)),
            down.subList(0, Math.min(down.size(), INLINE_VOTERS)));
    add(Kind.SUGGESTIONS, sub.guildId(), item, source, more);
  }

  private static List<String> slice(List<String> voters, int from) {
    return from >= voters.size()
        ? List.of()
        : voters.subList(from, Math.min(voters.size(), from + LIST_MAX));
  }

  private static QueuedSuggestionImported queued(LegacyFacts.QueuedItem q) {
    LegacyFacts.Submission sub = q.submission();
    String state = q.waiting() ? "queued" : q.suggestionId() != null ? "approved" : "rejected";
    return new QueuedSuggestionImported(
        sub.guildId(),
        q.queueId(),
        sub.authorId(),
        sub.text(),
        sub.imageUrl(),
        sub.anonymous(),
        sub.createdAt(),
        state,
        q.resolvedBy(),
        q.response(),
        q.resolvedAt(),
        q.suggestionId(),
        q.channelId(),
        q.messageId());
  }

  private void add(
      Kind kind, String guildId, Object item, Source source, List<ImportLegacyVotes> more) {
    if (guildId != null && !opened.contains(guildId)) {
      openGuild(guildId, null, null);
    }
    String key = kind + "/" + guildId;
    Chunk chunk = chunks.computeIfAbsent(key, k -> new Chunk(kind, guildId));
    int bytes = sizeOf(item);
    if (!chunk.items.isEmpty()
        && (chunk.items.size() >= (kind == Kind.INTERACTIONS ? LIST_MAX : MAX_ITEMS)
            || chunk.bytes + bytes > MAX_BYTES)) {
      chunks.remove(key);
      send(chunk);
      chunk = chunks.computeIfAbsent(key, k -> new Chunk(kind, guildId));
    }
    chunk.items.add(item);
    chunk.sources.add(source);
    chunk.moreVotes.addAll(more);
    chunk.bytes += bytes;
  }

  private int sizeOf(Object item) {
    try {
      return mapper.writeValueAsBytes(item).length;
    } catch (Exception e) {
      throw new IllegalStateException("An imported item could not be written as JSON", e);
    }
  }

  @SuppressWarnings("unchecked")
  private void send(Chunk chunk) {
    Object command =
        switch (chunk.kind) {
          case SUGGESTIONS ->
              new ImportLegacySuggestions(
                  chunk.guildId, (List<LegacySuggestion>) (List<?>) chunk.items);
          case QUEUE ->
              new ImportLegacyQueue(
                  chunk.guildId, (List<QueuedSuggestionImported>) (List<?>) chunk.items);
          case INTERACTIONS ->
              new ImportLegacyInteractions(
                  chunk.guildId, (List<LegacyInteraction>) (List<?>) chunk.items);
        };
    // Which of the guild's chunks of this kind it is: a document's many facts fill several.
    int number = chunksSent.merge(chunk.kind + "/" + chunk.guildId, 1, Integer::sum);
    List<String> identity =
        new ArrayList<>(
            List.of(chunk.kind.name(), String.valueOf(chunk.guildId), Integer.toString(number)));
    chunk.sources.forEach(s -> identity.add(s.collection() + "/" + s.documentId()));
    identity.add(Integer.toString(chunk.items.size()));
    List<Source> sources = List.copyOf(chunk.sources);
    send(
        chunk.guildId,
        command,
        identity,
        reply -> accountChunk(chunk.kind, chunk.guildId, sources, reply),
        sources);
    for (ImportLegacyVotes votes : chunk.moreVotes) {
      send(
          chunk.guildId,
          votes,
          List.of("votes", votes.toString()),
          reply -> {
            if (!reply.accepted()) {
              report.of(sources.get(0).collection()).note("voters not written: " + why(reply), 1);
            }
          },
          List.of());
    }
  }

  private void send(
      String guildId,
      Object payload,
      List<String> identity,
      java.util.function.Consumer<ReplyEnvelope> onReply,
      List<Source> sources) {
    sendAs(
        new Actor(operatorId, Actor.ADMINISTRATOR, List.of()),
        guildId,
        payload,
        identity,
        onReply,
        sources);
  }

  private void sendAs(
      Actor actor,
      String guildId,
      Object payload,
      List<String> identity,
      java.util.function.Consumer<ReplyEnvelope> onReply,
      List<Source> sources) {
    var command =
        new CommandEnvelope(
            CommandEnvelope.SCHEMA,
            // Merging is the operator's choice, part of what the command asks.
            commandId(payload.getClass().getSimpleName() + (merge ? "+merge" : ""), identity),
            payload.getClass().getSimpleName(),
            guildId,
            mapper.valueToTree(payload),
            actor,
            null,
            null,
            null,
            Instant.now());
    try {
      window.acquire();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while sending the import", e);
    }
    sent.incrementAndGet();
    CompletableFuture<ReplyEnvelope> reply;
    try {
      reply = sender.send(command);
    } catch (RuntimeException e) {
      reply = CompletableFuture.failedFuture(e);
    }
    reply
        .orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
        .whenComplete(
            (answer, error) -> {
              try {
                if (error == null) {
                  answered.incrementAndGet();
                  onReply.accept(answer);
                } else {
                  unanswered.incrementAndGet();
                  String why =
                      "no answer from the command service ("
                          + (error instanceof java.util.concurrent.TimeoutException
                              ? "timed out"
                              : String.valueOf(error.getMessage()))
                          + "): run the import again, it is idempotent";
                  sources.forEach(s -> report.of(s.collection()).unwritten(why, s.documentId()));
                }
              } finally {
                window.release();
              }
            });
  }

  /** One command's reply, item by item: conflicts are named by item id, or by "#index". */
  private void accountChunk(Kind kind, String guildId, List<Source> sources, ReplyEnvelope reply) {
    if (!reply.accepted()) {
      String reason = why(reply);
      if (reason.startsWith(NOT_OPENED) && refusedGuilds.containsKey(guildId)) {
        reason = refusedGuilds.get(guildId);
      }
      String why = "refused: " + reason;
      sources.forEach(s -> report.of(s.collection()).unwritten(why, s.documentId()));
      return;
    }
    Map<String, String> conflicts = new LinkedHashMap<>();
    String listed = reply.result().getOrDefault(LegacyImports.CONFLICTS, "");
    for (String line : listed.split("\n")) {
      int colon = line.indexOf(": ");
      if (colon > 0) {
        conflicts.put(line.substring(0, colon), line.substring(colon + 2));
      }
    }
    long present = Long.parseLong(reply.result().getOrDefault(LegacyImports.PRESENT, "0"));
    for (int i = 0; i < sources.size(); i++) {
      Source source = sources.get(i);
      String key = kind == Kind.INTERACTIONS ? "#" + i : source.documentId();
      String conflict = conflicts.get(key);
      if (conflict == null) {
        report.of(source.collection()).written(1);
      } else {
        report.of(source.collection()).unwritten("not written: " + conflict, source.documentId());
      }
    }
    if (present > 0) {
      report
          .of(sources.get(0).collection())
          .note("already on the log from an earlier import", present);
    }
  }

  private void account(Source source, ReplyEnvelope reply, long facts) {
    ImportReport.Collection collection = report.of(source.collection());
    if (reply.accepted()) {
      collection.written(facts);
    } else {
      collection.unwritten("refused: " + why(reply), source.documentId());
    }
  }

  /** Why a command was refused: its detail, without the error code's words for Discord users. */
  static String why(ReplyEnvelope reply) {
    String message = reply.message() == null ? "" : reply.message();
    for (ErrorCode code : ErrorCode.values()) {
      if (reply.errorCode() != null
          && code.number() == reply.errorCode()
          && message.startsWith(code.english() + " ")) {
        return message.substring(code.english().length() + 1);
      }
    }
    return message;
  }

  /**
   * {@code legacy-import:} and a hash of what the command carries: the same command, the same id.
   */
  static String commandId(String type, List<String> identity) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      digest.update(type.getBytes(StandardCharsets.UTF_8));
      for (String part : identity) {
        digest.update((byte) 0);
        digest.update(part.getBytes(StandardCharsets.UTF_8));
      }
      return LegacyImports.COMMAND_ID_PREFIX + HexFormat.of().formatHex(digest.digest(), 0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }
}
