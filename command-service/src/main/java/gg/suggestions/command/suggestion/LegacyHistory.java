package gg.suggestions.command.suggestion;

import gg.suggestions.command.guildconfig.GuildConfig;
import gg.suggestions.command.outcome.Outcome;
import gg.suggestions.eventstore.contract.Actor;
import gg.suggestions.eventstore.contract.ErrorCode;
import gg.suggestions.eventstore.contract.legacy.ImportLegacyInteractions;
import gg.suggestions.eventstore.contract.legacy.ImportLegacyInteractions.LegacyInteraction;
import gg.suggestions.eventstore.contract.legacy.ImportLegacyQueue;
import gg.suggestions.eventstore.contract.legacy.ImportLegacySuggestions;
import gg.suggestions.eventstore.contract.legacy.ImportLegacySuggestions.LegacySuggestion;
import gg.suggestions.eventstore.contract.legacy.ImportLegacyVotes;
import gg.suggestions.eventstore.contract.legacy.LegacyImports;
import gg.suggestions.eventstore.contract.legacy.QueuedSuggestionImported;
import gg.suggestions.eventstore.contract.legacy.SuggestionImported;
import gg.suggestions.eventstore.contract.suggestion.QueueKey;
import gg.suggestions.eventstore.contract.suggestion.SuggestionKey;
import gg.suggestions.eventstore.envelope.CommandEnvelope;
import gg.suggestions.eventstore.envelope.InteractionEnvelope;
import gg.suggestions.eventstore.envelope.ReplyEnvelope;
import gg.suggestions.eventstore.limits.Limits;
import java.util.ArrayList;
import java.util.Arrays;
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

  private static final int MAX_COMMAND_NAME = 64;

  private final Repository<Suggestion> suggestions;
  private final Repository<QueuedSuggestion> queue;
  private final Predicate<String> keyUsed;
  private final Predicate<String> guildOpened;

  /**
   * @param keyUsed whether an aggregate key was ever used, committed or earlier in the open batch
   * @param guildOpened whether a guild was opened for the import ({@link
   *     GuildConfig#isLegacyImported})
   */
  public LegacyHistory(
      Repository<Suggestion> suggestions,
      Repository<QueuedSuggestion> queue,
      Predicate<String> keyUsed,
      Predicate<String> guildOpened) {
    this.suggestions = suggestions;
    this.queue = queue;
    this.keyUsed = keyUsed;
    this.guildOpened = guildOpened;
  }

  @CommandHandler
  public Outcome handle(
      ImportLegacySuggestions command, @MetaDataValue(GuildConfig.ACTOR) Actor actor)
      throws Exception {
    Outcome refusal = refusal(command.guildId(), actor, true);
    if (refusal != null) {
      return refusal;
    }
    Tally tally = new Tally();
    for (LegacySuggestion item : listOf(command.suggestions())) {
      SuggestionImported s = item == null ? null : item.suggestion();
      String problem = s == null ? "no suggestion" : problem(command.guildId(), s);
      List<String> up = listOf(item == null ? null : item.upVoterIds());
      List<String> down = listOf(item == null ? null : item.downVoterIds());
      if (problem == null && !allSnowflakes(up, down)) {
        problem = "a voter is no Discord id";
      }
      if (problem != null) {
        tally.conflict(s == null ? "?" : s.suggestionId(), problem);
        continue;
      }
      String key = SuggestionKey.of(s.guildId(), s.suggestionId());
      if (keyUsed.test(key)) {
        tally.taken(s.suggestionId(), suggestions.load(key).invoke(Suggestion::isImported));
      } else {
        suggestions.newInstance(() -> new Suggestion(s, up, down));
        tally.imported++;
      }
    }
    return tally.outcome();
  }

  @CommandHandler
  public Outcome handle(ImportLegacyVotes command, @MetaDataValue(GuildConfig.ACTOR) Actor actor)
      throws Exception {
    Outcome refusal = refusal(command.guildId(), actor, true);
    if (refusal != null) {
      return refusal;
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

  @CommandHandler
  public Outcome handle(ImportLegacyQueue command, @MetaDataValue(GuildConfig.ACTOR) Actor actor)
      throws Exception {
    Outcome refusal = refusal(command.guildId(), actor, true);
    if (refusal != null) {
      return refusal;
    }
    Tally tally = new Tally();
    for (QueuedSuggestionImported item : listOf(command.items())) {
      String problem = item == null ? "no item" : problem(command.guildId(), item);
      if (problem != null) {
        tally.conflict(item == null ? "?" : item.queueId(), problem);
        continue;
      }
      String key = QueueKey.of(item.guildId(), item.queueId());
      if (keyUsed.test(key)) {
        tally.taken(item.queueId(), queue.load(key).invoke(QueuedSuggestion::isImported));
      } else {
        queue.newInstance(() -> new QueuedSuggestion(item));
        tally.imported++;
      }
    }
    return tally.outcome();
  }

  /**
   * Checks the statistics; the command loop writes the interaction records ({@link
   * #interactionsOf}) once the command is accepted. Outside a guild no guild needs opening.
   */
  @CommandHandler
  public Outcome handle(
      ImportLegacyInteractions command, @MetaDataValue(GuildConfig.ACTOR) Actor actor) {
    Outcome refusal = refusal(command.guildId(), actor, command.guildId() != null);
    if (refusal != null) {
      return refusal;
    }
    Tally tally = new Tally();
    List<LegacyInteraction> items = listOf(command.interactions());
    for (int i = 0; i < items.size(); i++) {
      String problem = problem(items.get(i));
      if (problem == null) {
        tally.imported++;
      } else {
        tally.conflict("#" + i, problem);
      }
    }
    return tally.outcome();
  }

  /**
   * The interaction records an accepted {@link ImportLegacyInteractions} writes: one per good item,
   * at its original time, with a command id made from the command's and the item's place, so the
   * same command always writes the same records.
   */
  public static List<InteractionEnvelope> interactionsOf(
      CommandEnvelope command, ImportLegacyInteractions payload) {
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

  /** Only an operator imports, only by an import's command id, only into an opened guild. */
  private Outcome refusal(String guildId, Actor actor, boolean needsOpenedGuild) {
    if (!LegacyImports.isOperator(actor)) {
      return Outcome.refused(ErrorCode.NOT_A_MODERATOR, null);
    }
    if (needsOpenedGuild && (guildId == null || !guildOpened.test(guildId))) {
      return Outcome.refused(
          ErrorCode.INVALID_COMMAND,
          "The guild was not opened for the import: send ImportLegacyGuild first.");
    }
    return null;
  }

  private static String problem(String guildId, SuggestionImported s) {
    if (!Objects.equals(guildId, s.guildId())) {
      return "of another guild";
    }
    if (!LegacyImports.SUGGESTION_STATES.contains(s.state())) {
      return "no state of the old bot";
    }
    return submissionProblem(
        s.suggestionId(),
        s.authorId(),
        s.text(),
        s.createdAt(),
        Arrays.asList(s.resolvedBy(), s.noteBy(), s.channelId(), s.messageId(), s.threadId()),
        (s.response() != null && s.resolvedBy() == null)
                || (s.note() != null && s.noteBy() == null)
                || s.reactionUpVotes() < 0
                || s.reactionDownVotes() < 0
            ? "a text without its member, or a negative count"
            : null);
  }

  private static String problem(String guildId, QueuedSuggestionImported q) {
    if (!Objects.equals(guildId, q.guildId())) {
      return "of another guild";
    }
    if (!LegacyImports.QUEUE_STATES.contains(q.state())) {
      return "no queue state of the old bot";
    }
    return submissionProblem(
        q.queueId(),
        q.authorId(),
        q.text(),
        q.createdAt(),
        Arrays.asList(q.resolvedBy(), q.channelId(), q.messageId()),
        (q.response() != null && q.resolvedBy() == null)
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
    final List<String> conflicts = new ArrayList<>();

    void taken(String id, boolean byAnImport) {
      if (byAnImport) {
        present++;
      } else {
        conflict(id, "its id is taken by the guild's own history");
      }
    }

    void conflict(String id, String why) {
      conflicts.add(id + ": " + why);
    }

    Outcome outcome() {
      return Outcome.accepted(
          Map.of(
              LegacyImports.IMPORTED,
              Integer.toString(imported),
              LegacyImports.PRESENT,
              Integer.toString(present),
              LegacyImports.CONFLICTS,
              String.join("\n", conflicts)));
    }
  }
}
