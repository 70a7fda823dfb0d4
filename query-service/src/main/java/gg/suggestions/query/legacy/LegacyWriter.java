package gg.suggestions.query.legacy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import gg.suggestions.eventstore.contract.Actor;
import gg.suggestions.eventstore.contract.ErrorCode;
import gg.suggestions.eventstore.contract.guildconfig.GuildChannel;
import gg.suggestions.eventstore.contract.guildconfig.GuildToggle;
import gg.suggestions.eventstore.contract.legacy.ImportLegacyGuild;
import gg.suggestions.eventstore.contract.legacy.ImportLegacyGuild.LegacyInteraction;
import gg.suggestions.eventstore.contract.legacy.ImportLegacyGuild.LegacySuggestion;
import gg.suggestions.eventstore.contract.legacy.ImportLegacyMembers;
import gg.suggestions.eventstore.contract.legacy.ImportLegacyMembers.LegacyMember;
import gg.suggestions.eventstore.contract.legacy.ImportLegacyVotes;
import gg.suggestions.eventstore.contract.legacy.LegacyImports;
import gg.suggestions.eventstore.contract.legacy.QueuedSuggestionImported;
import gg.suggestions.eventstore.contract.legacy.SuggestionImported;
import gg.suggestions.eventstore.contract.userconfig.UserKey;
import gg.suggestions.eventstore.envelope.CommandEnvelope;
import gg.suggestions.eventstore.envelope.EnvelopeCodec;
import gg.suggestions.eventstore.envelope.ReplyEnvelope;
import gg.suggestions.eventstore.limits.Limits;
import gg.suggestions.eventstore.topic.SuggestionTopics;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Writes what an import reads as commands through the command service, so the old bot's history
 * gets the sequence numbers, fencing and checks of any other. A guild's settings, suggestions,
 * queue and statistics go together in {@link ImportLegacyGuild} commands on the guild's partition,
 * in order, the first one opening the guild; members' own settings go in {@link
 * ImportLegacyMembers} commands, one per partition's worth. Items wait until their command is full
 * or the dump is read: most guilds then take one command, the command service's cost.
 *
 * <p>Every command id is made from what it carries, so the same dump sent again is answered from
 * the handled ids and writes nothing twice; an item a rerun packs differently is found by its id
 * and counted as present. Each reply is accounted to the documents its command carried: a refused
 * command or item moves its document from imported to skipped with the reason, so the report still
 * reads read = imported + skipped. A command with no answer in time is reported the same way, and
 * the operator runs the import again.
 */
public final class LegacyWriter implements LegacyImport.Facts {

  /** Sends one command; completes with its reply. */
  @FunctionalInterface
  public interface Sender {
    CompletableFuture<ReplyEnvelope> send(CommandEnvelope command);
  }

  /** A command's items' JSON, well under the 64 KiB a command may have. */
  static final int MAX_BYTES = 40 * 1024;

  /** Suggestions in one command, each with up to {@link #INLINE_VOTERS} voters. */
  static final int MAX_SUGGESTIONS = 100;

  /** Voters sent with their suggestion; the rest follow in {@link ImportLegacyVotes}. */
  static final int INLINE_VOTERS = 50;

  private static final int LIST_MAX = Limits.LIST_MAX;

  /** How often a command is sent that is refused with "try again", and the pause, growing. */
  static final int ATTEMPTS = 10;

  static final Duration RETRY_DELAY = Duration.ofMillis(500);

  /** What an item costs in the heap besides its JSON: array, list slot, its source and id. */
  static final int ITEM_OVERHEAD = 112;

  private final Sender sender;
  private final String operatorId;
  private final boolean merge;
  private final ImportReport report;
  private final Semaphore window;
  private final int windowSize;
  private final Duration timeout;
  private final ObjectMapper mapper = EnvelopeCodec.defaultMapper();
  private final Map<String, Chunk> chunks = new LinkedHashMap<>();
  private final Map<String, Integer> chunksSent = new HashMap<>();
  private final AtomicLong sent = new AtomicLong();
  private final AtomicLong answered = new AtomicLong();
  private final AtomicLong unanswered = new AtomicLong();
  private final AtomicLong retried = new AtomicLong();
  private final ScheduledExecutorService retries =
      Executors.newSingleThreadScheduledExecutor(
          runnable -> {
            Thread thread = new Thread(runnable, "import-retries");
            thread.setDaemon(true);
            return thread;
          });
  private final long bufferBytes;
  private long buffered;

  /**
   * @param operatorId the operator's Discord id: who imported, as the events say
   * @param merge import into guilds with history here too, keeping their own settings
   * @param window how many commands may wait for their answer at once
   * @param timeout how long one command's answer is waited for
   * @param bufferBytes how much heap the items waiting for their command to fill may take; past it,
   *     every command being filled is sent
   */
  public LegacyWriter(
      Sender sender,
      String operatorId,
      boolean merge,
      ImportReport report,
      int window,
      Duration timeout,
      long bufferBytes) {
    this.bufferBytes = bufferBytes;
    this.sender = sender;
    this.operatorId = operatorId;
    this.merge = merge;
    this.report = report;
    this.window = new Semaphore(window);
    this.windowSize = window;
    this.timeout = timeout;
  }

  /** Where an item came from, to account for its reply, and its name in the reply. */
  private record Source(String collection, String documentId, String item) {}

  /** The lists of a command, by their field names in the command's JSON. */
  private enum Part {
    blockedUserIds,
    suggestions,
    queue,
    interactions,
    members
  }

  /** A command being filled: one guild's items, or one partition's members. */
  private static final class Chunk {
    final String guildId;
    final String partitionKey;
    ObjectNode settings;
    final Map<Part, List<byte[]>> items = new EnumMap<>(Part.class);
    final List<Source> sources = new ArrayList<>();
    final List<ImportLegacyVotes> moreVotes = new ArrayList<>();
    int bytes;

    Chunk(String guildId, String partitionKey) {
      this.guildId = guildId;
      this.partitionKey = partitionKey;
    }

    boolean holds(Part part, int size) {
      List<byte[]> list = items.get(part);
      return (list == null || list.size() < (part == Part.suggestions ? MAX_SUGGESTIONS : LIST_MAX))
          && bytes + size <= MAX_BYTES;
    }

    boolean isEmpty() {
      return settings == null && items.isEmpty();
    }
  }

  @Override
  public void fact(String collection, String documentId, Object fact) {
    if (fact instanceof LegacyFacts.GuildConfig config) {
      settings(config, new Source(collection, documentId, null));
    } else if (fact instanceof LegacyFacts.UserConfig user) {
      member(user, collection, documentId);
    } else if (fact instanceof LegacyFacts.Suggestion suggestion) {
      suggestion(suggestion, collection, documentId);
    } else if (fact instanceof LegacyFacts.QueuedItem item) {
      add(
          item.submission().guildId(),
          Part.queue,
          queued(item),
          new Source(collection, documentId, "queue " + item.queueId()),
          List.of());
    } else if (fact instanceof LegacyFacts.Interaction interaction) {
      add(
          interaction.guildId(),
          Part.interactions,
          new LegacyInteraction(
              interaction.actorId(),
              interaction.command() == null ? LegacyImports.LOCALE_ONLY : interaction.command(),
              interaction.locale(),
              interaction.completed(),
              interaction.at()),
          new Source(collection, documentId, "interaction"),
          List.of());
    } else {
      throw new IllegalArgumentException("No way to write " + fact.getClass().getSimpleName());
    }
  }

  /**
   * Sends what is left and waits until every command is answered or timed out.
   *
   * @return the commands that got no answer in time (their documents are reported skipped)
   */
  public long finish() throws InterruptedException {
    sendAll();
    window.acquire(windowSize);
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

  /** The old bot's settings go first in the guild's first command; a long blocklist spreads. */
  private void settings(LegacyFacts.GuildConfig config, Source source) {
    Map<GuildChannel, String> channels = new EnumMap<>(GuildChannel.class);
    putIfSet(channels, GuildChannel.SUGGESTIONS, config.suggestionsChannelId());
    putIfSet(channels, GuildChannel.LOG, config.logChannelId());
    putIfSet(channels, GuildChannel.QUEUE, config.queuedChannelId());
    putIfSet(channels, GuildChannel.QUEUE_REJECTION, config.queuedLogChannelId());
    Map<GuildToggle, Boolean> toggles = new EnumMap<>(GuildToggle.class);
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
    Chunk chunk = chunkOf(config.guildId(), config.guildId());
    chunk.settings = mapper.createObjectNode();
    chunk.settings.set("channels", mapper.valueToTree(channels));
    chunk.settings.set("toggles", mapper.valueToTree(toggles));
    // The settings document answers for the guild's opening; it needs no item of its own.
    chunk.sources.add(source);
    for (String blocked : config.blockedUsers()) {
      add(config.guildId(), Part.blockedUserIds, blocked, null, List.of());
    }
  }

  private static void putIfSet(Map<GuildChannel, String> channels, GuildChannel c, String id) {
    if (id != null) {
      channels.put(c, id);
    }
  }

  /** A member's settings, unless they are the defaults here too: nothing to write then. */
  private void member(LegacyFacts.UserConfig user, String collection, String documentId) {
    if (!user.dmMessagesDisabled() && user.pingOnThreadCreation()) {
      report.of(collection).written(1);
      report.of(collection).note("members with the default settings: nothing to write", 1);
      return;
    }
    String key = UserKey.of(user.userId());
    String partition = "members/" + SuggestionTopics.partitionOf(key);
    Chunk chunk = chunks.get(partition);
    var member =
        new LegacyMember(user.userId(), !user.dmMessagesDisabled(), user.pingOnThreadCreation());
    byte[] json = json(member);
    if (chunk != null && !chunk.holds(Part.members, json.length)) {
      chunks.remove(partition);
      send(chunk);
      chunk = null;
    }
    if (chunk == null) {
      // Decided on the partition of its first member, who is its actor.
      chunk = new Chunk(null, key);
      chunks.put(partition, chunk);
    }
    put(chunk, Part.members, json, new Source(collection, documentId, "member " + user.userId()));
  }

  private void suggestion(LegacyFacts.Suggestion s, String collection, String documentId) {
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
    add(
        sub.guildId(),
        Part.suggestions,
        item,
        new Source(collection, documentId, "suggestion " + s.suggestionId()),
        more);
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

  /** The command being filled for {@code guildId} (null: statistics outside any guild). */
  private Chunk chunkOf(String guildId, String partitionKey) {
    return chunks.computeIfAbsent("guild/" + guildId, k -> new Chunk(guildId, partitionKey));
  }

  private void add(
      String guildId, Part part, Object item, Source source, List<ImportLegacyVotes> more) {
    // Outside a guild, statistics are decided on the operator's own partition.
    String partitionKey = guildId != null ? guildId : UserKey.of(operatorId);
    Chunk chunk = chunkOf(guildId, partitionKey);
    byte[] json = json(item);
    if (!chunk.isEmpty() && !chunk.holds(part, json.length)) {
      chunks.remove("guild/" + guildId);
      send(chunk);
      chunk = chunkOf(guildId, partitionKey);
    }
    // Before the item: putting it may send the command.
    chunk.moreVotes.addAll(more);
    put(chunk, part, json, source);
  }

  private void put(Chunk chunk, Part part, byte[] json, Source source) {
    chunk.items.computeIfAbsent(part, p -> new ArrayList<>()).add(json);
    if (source != null) {
      chunk.sources.add(source);
    }
    chunk.bytes += json.length;
    buffered += json.length + ITEM_OVERHEAD;
    if (buffered > bufferBytes) {
      sendAll();
    }
  }

  /** Sends every command being filled. */
  private void sendAll() {
    List<Chunk> all = new ArrayList<>(chunks.values());
    chunks.clear();
    all.forEach(this::send);
  }

  private byte[] json(Object item) {
    try {
      return mapper.writeValueAsBytes(item);
    } catch (IOException e) {
      throw new IllegalStateException("An imported item could not be written as JSON", e);
    }
  }

  private void send(Chunk chunk) {
    buffered -=
        chunk.bytes
            + (long) ITEM_OVERHEAD * chunk.items.values().stream().mapToInt(List::size).sum();
    ObjectNode payload = mapper.createObjectNode();
    boolean members = chunk.items.containsKey(Part.members);
    if (!members) {
      payload.put("guildId", chunk.guildId);
      payload.put("merge", merge);
      if (chunk.settings != null) {
        payload.setAll(chunk.settings);
      }
    }
    List<String> identity = new ArrayList<>();
    identity.add(chunk.partitionKey);
    // Which of the key's commands it is: a big guild fills several.
    identity.add(Integer.toString(chunksSent.merge(chunk.partitionKey, 1, Integer::sum)));
    for (var part : chunk.items.entrySet()) {
      ArrayNode list = payload.putArray(part.getKey().name());
      for (byte[] item : part.getValue()) {
        list.add(tree(item));
        identity.add(new String(item, StandardCharsets.UTF_8));
      }
    }
    List<Source> sources = List.copyOf(chunk.sources);
    Class<?> type = members ? ImportLegacyMembers.class : ImportLegacyGuild.class;
    String actor = members ? chunk.partitionKey.substring("user:".length()) : operatorId;
    send(chunk.guildId, type, payload, actor, identity, reply -> account(sources, reply), sources);
    for (ImportLegacyVotes votes : chunk.moreVotes) {
      send(
          chunk.guildId,
          ImportLegacyVotes.class,
          mapper.valueToTree(votes),
          operatorId,
          List.of(votes.toString()),
          reply -> {
            if (!reply.accepted()) {
              report.of("suggestions").note("voters not written: " + why(reply), 1);
            }
          },
          List.of());
    }
  }

  private JsonNode tree(byte[] item) {
    try {
      return mapper.readTree(item);
    } catch (IOException e) {
      throw new IllegalStateException("An imported item could not be read back", e);
    }
  }

  private void send(
      String guildId,
      Class<?> type,
      JsonNode payload,
      String actorId,
      List<String> identity,
      Consumer<ReplyEnvelope> onReply,
      List<Source> sources) {
    var command =
        new CommandEnvelope(
            CommandEnvelope.SCHEMA,
            // Merging is the operator's choice, part of what the command asks.
            commandId(type.getSimpleName() + (merge ? "+merge" : ""), identity),
            type.getSimpleName(),
            guildId,
            payload,
            new Actor(actorId, Actor.ADMINISTRATOR, List.of()),
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
    attempt(command, onReply, sources, 1);
  }

  /**
   * Sends {@code command} and accounts for its answer, holding its place in the window until then.
   * A refusal that changed nothing and says to try again (the command service's replica was behind,
   * or another command changed the aggregate at the same moment) is sent again, by the same id, a
   * moment later.
   */
  private void attempt(
      CommandEnvelope command, Consumer<ReplyEnvelope> onReply, List<Source> sources, int n) {
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
              boolean again = error == null && isTransient(answer) && n < ATTEMPTS;
              try {
                if (again) {
                  retried.incrementAndGet();
                  retries.schedule(
                      () -> attempt(command, onReply, sources, n + 1),
                      RETRY_DELAY.toMillis() * n,
                      TimeUnit.MILLISECONDS);
                } else if (error == null) {
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
                if (!again) {
                  window.release();
                }
              }
            });
  }

  /** A refusal that changed nothing and spent no command id: the same command may come again. */
  static boolean isTransient(ReplyEnvelope reply) {
    return !reply.accepted()
        && reply.errorCode() != null
        && (reply.errorCode() == ErrorCode.TEMPORARILY_UNAVAILABLE.number()
            || reply.errorCode() == ErrorCode.CONCURRENT_CHANGE.number());
  }

  /** Commands sent again after a refusal that said to try again. */
  public long retried() {
    return retried.get();
  }

  /**
   * One command's reply, to each document it carried: a refusal to all of them; an accepted reply
   * item by item, its conflicts named as the items were ({@code suggestion <sID>}, {@code queue
   * <id>}, {@code interaction #<index>}, {@code member <id>}).
   */
  private void account(List<Source> sources, ReplyEnvelope reply) {
    if (!reply.accepted()) {
      String why = "refused: " + why(reply);
      sources.forEach(s -> report.of(s.collection()).unwritten(why, s.documentId()));
      return;
    }
    Map<String, String> conflicts = new HashMap<>();
    for (String line : reply.result().getOrDefault(LegacyImports.CONFLICTS, "").split("\n")) {
      int colon = line.indexOf(": ");
      if (colon > 0) {
        conflicts.put(line.substring(0, colon), line.substring(colon + 2));
      }
    }
    int interaction = 0;
    for (Source source : sources) {
      String name =
          "interaction".equals(source.item()) ? "interaction #" + interaction++ : source.item();
      String conflict = name == null ? null : conflicts.get(name);
      if (conflict == null) {
        report.of(source.collection()).written(1);
      } else {
        report.of(source.collection()).unwritten("not written: " + conflict, source.documentId());
      }
    }
    // What earlier imports wrote, or members who have settings here: by kind of item.
    java.util.Set<String> noted = new java.util.HashSet<>();
    for (Source source : sources) {
      String kind = source.item() == null ? null : source.item().split(" ")[0];
      String present = kind == null ? null : reply.result().get(LegacyImports.PRESENT + "." + kind);
      if (present != null && noted.add(kind)) {
        report
            .of(source.collection())
            .note(
                kind.equals("member")
                    ? "members with settings here already: theirs kept"
                    : "already on the log from an earlier import",
                Long.parseLong(present));
      }
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
