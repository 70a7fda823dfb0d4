package gg.suggestions.command.suggestion;

import gg.suggestions.command.guildconfig.GuildConfig;
import gg.suggestions.command.outcome.Outcome;
import gg.suggestions.eventstore.contract.Actor;
import gg.suggestions.eventstore.contract.ErrorCode;
import gg.suggestions.eventstore.contract.legacy.ImportLegacyGuild;
import gg.suggestions.eventstore.contract.legacy.ImportLegacyGuild.LegacyInteraction;
import gg.suggestions.eventstore.contract.legacy.ImportLegacyGuild.LegacySuggestion;
import gg.suggestions.eventstore.contract.legacy.ImportLegacyMembers;
import gg.suggestions.eventstore.contract.legacy.ImportLegacyMembers.LegacyMember;
import gg.suggestions.eventstore.contract.legacy.ImportLegacyVotes;
import gg.suggestions.eventstore.contract.legacy.LegacyImports;
import gg.suggestions.eventstore.contract.legacy.QueuedSuggestionImported;
import gg.suggestions.eventstore.contract.legacy.SuggestionImported;
import gg.suggestions.eventstore.contract.suggestion.QueueKey;
import gg.suggestions.eventstore.contract.suggestion.SuggestionKey;
import gg.suggestions.eventstore.contract.userconfig.UserKey;
import gg.suggestions.eventstore.envelope.CommandEnvelope;
import gg.suggestions.eventstore.envelope.InteractionEnvelope;
import gg.suggestions.eventstore.envelope.ReplyEnvelope;
import gg.suggestions.eventstore.limits.Limits;
import gg.suggestions.eventstore.topic.SuggestionTopics;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Predicate;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.messaging.annotation.MetaDataValue;
import org.axonframework.modelling.command.Repository;

/**
 * Writes the old bot's suggestions, votes, queue and statistics of a guild that {@code
 * ImportLegacyGuild} opened, through the same aggregates as this platform's own history, so their
 * sequence numbers, fencing and later commands (a vote on an imported pending suggestion, its
 * approval) are the normal ones. An item whose id is taken is not written: counted as present when
 * an import wrote it before (a rerun chunked differently), as a conflict when the guild's own
 * history holds it. Every item is checked again here, whatever the importer checked: an item no
 * reader could store is refused alone, and the rest of its chunk goes on.
 */
public final class LegacyHistory {

  /** Opens a guild for the import: {@code GuildConfig#openForImport} behind its repository. */
  @FunctionalInterface
  public interface Guilds {
    Outcome open(ImportLegacyGuild command, Actor operator) throws Exception;
  }

  /** Brings in a member's settings; false where they have settings here already. */
  @FunctionalInterface
  public interface Members {
    boolean importLegacy(LegacyMember member) throws Exception;
  }

  private static final int MAX_COMMAND_NAME = 64;

  private final Repository<Suggestion> suggestions;
  private final Repository<QueuedSuggestion> queue;
  private final Predicate<String> keyUsed;
  private final Guilds guilds;
  private final Members members;

  /**
   * @param keyUsed whether an aggregate key was ever used, committed or earlier in the open batch
   */
  public LegacyHistory(
      Repository<Suggestion> suggestions,
      Repository<QueuedSuggestion> queue,
      Predicate<String> keyUsed,
      Guilds guilds,
      Members members) {
    this.suggestions = suggestions;
    this.queue = queue;
    this.keyUsed = keyUsed;
    this.guilds = guilds;
    this.members = members;
  }

  @CommandHandler
  public Outcome handle(ImportLegacyGuild command, @MetaDataValue(GuildConfig.ACTOR) Actor actor)
      throws Exception {
    if (!LegacyImports.isOperator(actor)) {
      return Outcome.refused(ErrorCode.NOT_A_MODERATOR, null);
    }
    Map<String, String> result = new HashMap<>();
    if (command.guildId() == null) {
      if (!listOf(command.suggestions()).isEmpty()
          || !listOf(command.queue()).isEmpty()
          || !listOf(command.blockedUserIds()).isEmpty()) {
        return Outcome.refused(
            ErrorCode.INVALID_COMMAND, "Outside a guild only statistics are imported.");
      }
    } else {
      Outcome opened = guilds.open(command, actor);
      if (!(opened instanceof Outcome.Accepted accepted)) {
        return opened;
      }
      result.putAll(accepted.result());
    }
    Tally tally = new Tally();
    for (LegacySuggestion item : listOf(command.suggestions())) {
      suggestion(command.guildId(), item, tally);
    }
    for (QueuedSuggestionImported item : listOf(command.queue())) {
      String problem = item == null ? "no item" : problem(command.guildId(), item);
      String name = "queue " + (item == null ? "?" : item.queueId());
      if (problem != null) {
        tally.conflict(name, problem);
        continue;
      }
      String key = QueueKey.of(item.guildId(), item.queueId());
      if (keyUsed.test(key)) {
        tally.taken(name, queue.load(key).invoke(QueuedSuggestion::isImported));
      } else {
        queue.newInstance(() -> new QueuedSuggestion(item));
        tally.imported++;
      }
    }
    List<LegacyInteraction> interactions = listOf(command.interactions());
    for (int i = 0; i < interactions.size(); i++) {
      String problem = problem(interactions.get(i));
      if (problem == null) {
        tally.imported++;
      } else {
        tally.conflict("interaction #" + i, problem);
      }
    }
    return tally.outcome(result);
  }

  private void suggestion(String guildId, LegacySuggestion item, Tally tally) throws Exception {
    SuggestionImported s = item == null ? null : item.suggestion();
    String name = "suggestion " + (s == null ? "?" : s.suggestionId());
    String problem = s == null ? "no suggestion" : problem(guildId, s);
    List<String> up = listOf(item == null ? null : item.upVoterIds());
    List<String> down = listOf(item == null ? null : item.downVoterIds());
    if (problem == null && !allSnowflakes(up, down)) {
      problem = "a voter is no Discord id";
    }
    if (problem != null) {
      tally.conflict(name, problem);
      return;
    }
    String key = SuggestionKey.of(s.guildId(), s.suggestionId());
    if (keyUsed.test(key)) {
      tally.taken(name, suggestions.load(key).invoke(Suggestion::isImported));
    } else {
      suggestions.newInstance(() -> new Suggestion(s, up, down));
      tally.imported++;
    }
  }

  /**
   * Members' settings, each on its own aggregate; all must live on the partition this command is
   * decided on, the one of its actor's key, or another node could decide on them at once.
   */
  @CommandHandler
  public Outcome handle(ImportLegacyMembers command, @MetaDataValue(GuildConfig.ACTOR) Actor actor)
      throws Exception {
    if (!LegacyImports.isOperator(actor)) {
      return Outcome.refused(ErrorCode.NOT_A_MODERATOR, null);
    }
    int partition = SuggestionTopics.partitionOf(UserKey.of(actor.userId()));
    Tally tally = new Tally();
    for (LegacyMember member : listOf(command.members())) {
      String name = "member " + (member == null ? "?" : member.userId());
      if (member == null || !Limits.isSnowflake(member.userId())) {
        tally.conflict(name, "no Discord id");
      } else if (SuggestionTopics.partitionOf(UserKey.of(member.userId())) != partition) {
        tally.conflict(name, "not on the partition of the command's actor");
      } else if (members.importLegacy(member)) {
        tally.imported++;
      } else {
        tally.taken(name, true);
      }
    }
    return tally.outcome(new HashMap<>());
  }

  @CommandHandler
  public Outcome handle(ImportLegacyVotes command, @MetaDataValue(GuildConfig.ACTOR) Actor actor)
      throws Exception {
    if (!LegacyImports.isOperator(actor)) {
      return Outcome.refused(ErrorCode.NOT_A_MODERATOR, null);
    }
    List<String> up = listOf(command.upVoterIds());
    List<String> down = listOf(command.downVoterIds());
    if (!allSnowflakes(up, down)) {
      return Outcome.refused(ErrorCode.INVALID_COMMAND, "A voter is no Discord id.");
    }
    String key = SuggestionKey.of(command.guildId(), command.suggestionId());
    if (!keyUsed.test(key)) {
      return Outcome.refused(ErrorCode.SUGGESTION_NOT_FOUND, null);
    }
    var suggestion = suggestions.load(key);
    if (!suggestion.invoke(Suggestion::isImported)) {
      return Outcome.refused(
          ErrorCode.INVALID_COMMAND, "Votes are imported only into imported suggestions.");
    }
    int added =
        suggestion.invoke(s -> s.importVotes(command.guildId(), command.suggestionId(), up, down));
    return Outcome.accepted(Map.of(LegacyImports.IMPORTED, Integer.toString(added)));
  }

  /**
   * The interaction records an accepted {@link ImportLegacyGuild} writes: one per good item, at its
   * original time, with a command id made from the command's and the item's place, so the same
   * command always writes the same records.
   */
  public static List<InteractionEnvelope> interactionsOf(
      CommandEnvelope command, ImportLegacyGuild payload) {
    List<InteractionEnvelope> records = new ArrayList<>();
    List<LegacyInteraction> items = listOf(payload.interactions());
    for (int i = 0; i < items.size(); i++) {
      LegacyInteraction item = items.get(i);
      if (problem(item) != null) {
        continue;
      }
      String id = command.commandId() + ":" + i;
      records.add(
          new InteractionEnvelope(
              InteractionEnvelope.SCHEMA,
              id,
              item.command(),
              command.guildId(),
              item.actorId(),
              item.locale(),
              null,
              item.completed() ? "accepted" : "failed",
              0,
              item.at(),
              ReplyEnvelope.accepted(id, item.at())));
    }
    return records;
  }

  private static String problem(String guildId, SuggestionImported s) {
    if (!Objects.equals(guildId, s.guildId())) {
      return "of another guild";
    }
    if (s.state() == null || !LegacyImports.SUGGESTION_STATES.contains(s.state())) {
      return "no state of the old bot";
    }
    return submissionProblem(
        s.suggestionId(),
        s.authorId(),
        s.text(),
        s.createdAt(),
        Arrays.asList(s.resolverId(), s.noteAuthorId(), s.channelId(), s.messageId(), s.threadId()),
        (s.response() != null && s.resolverId() == null)
                || (s.note() != null && s.noteAuthorId() == null)
                || s.reactionUpVotes() < 0
                || s.reactionDownVotes() < 0
            ? "a text without its member, or a negative count"
            : null);
  }

  private static String problem(String guildId, QueuedSuggestionImported q) {
    if (!Objects.equals(guildId, q.guildId())) {
      return "of another guild";
    }
    if (q.state() == null || !LegacyImports.QUEUE_STATES.contains(q.state())) {
      return "no queue state of the old bot";
    }
    return submissionProblem(
        q.queueId(),
        q.authorId(),
        q.text(),
        q.createdAt(),
        Arrays.asList(q.resolverId(), q.channelId(), q.messageId()),
        (q.response() != null && q.resolverId() == null)
                || (q.suggestionId() != null && Limits.shortId("", q.suggestionId()).isPresent())
            ? "a response without its moderator, or an odd suggestion id"
            : null);
  }

  /** What every imported submission must be: an id, an author, a text, a time, Discord ids. */
  private static String submissionProblem(
      String id, String authorId, String text, Object createdAt, List<String> ids, String other) {
    if (id == null || Limits.shortId("", id).isPresent()) {
      return "no short id";
    }
    if (!Limits.isSnowflake(authorId) || createdAt == null) {
      return "no author or no time";
    }
    if (text == null || text.isBlank() || Limits.text("", text, Limits.TEXT_MAX).isPresent()) {
      return "a text that is blank, too long or holds forbidden characters";
    }
    if (!ids.stream().allMatch(value -> value == null || Limits.isSnowflake(value))) {
      return "a Discord id that is none";
    }
    return other;
  }

  private static String problem(LegacyInteraction item) {
    if (item == null || !Limits.isSnowflake(item.actorId()) || item.at() == null) {
      return "no member or no time";
    }
    if (item.command() == null
        || item.command().isBlank()
        || Limits.text("", item.command(), MAX_COMMAND_NAME).isPresent()) {
      return "no command name";
    }
    if (item.locale() != null && Limits.locale("", item.locale()).isPresent()) {
      return "no locale";
    }
    return null;
  }

  private static boolean allSnowflakes(List<String> up, List<String> down) {
    return up.stream().allMatch(Limits::isSnowflake) && down.stream().allMatch(Limits::isSnowflake);
  }

  private static <T> List<T> listOf(List<T> list) {
    return list == null ? List.of() : list;
  }

  /** What a chunk did, item by item, as the reply's result. */
  private static final class Tally {
    int imported;
    int present;
    final Map<String, Integer> presentByKind = new HashMap<>();
    final List<String> conflicts = new ArrayList<>();

    void taken(String id, boolean byAnImport) {
      if (byAnImport) {
        present++;
        presentByKind.merge(id.substring(0, id.indexOf(' ')), 1, Integer::sum);
      } else {
        conflict(id, "its id is taken by the guild's own history");
      }
    }

    void conflict(String id, String why) {
      conflicts.add(id + ": " + why);
    }

    Outcome outcome(Map<String, String> result) {
      result.put(LegacyImports.IMPORTED, Integer.toString(imported));
      result.put(LegacyImports.PRESENT, Integer.toString(present));
      result.put(LegacyImports.CONFLICTS, String.join("\n", conflicts));
      presentByKind.forEach((kind, n) -> result.put(LegacyImports.PRESENT + "." + kind, "" + n));
      return Outcome.accepted(Map.copyOf(result));
    }
  }
}
