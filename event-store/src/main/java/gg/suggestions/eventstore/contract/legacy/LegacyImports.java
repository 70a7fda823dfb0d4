package gg.suggestions.eventstore.contract.legacy;

import gg.suggestions.eventstore.contract.Actor;
import java.util.Set;

/** What marks a write as imported from the old bot, and the words both sides agree on. */
public final class LegacyImports {

  /** Every command id of an import starts with this; its events and interactions carry it. */
  public static final String COMMAND_ID_PREFIX = "legacy-import:";

  /** The interaction type of a locale tracking document: the old bot recorded no command name. */
  public static final String LOCALE_ONLY = "LegacyCommand";

  /** The states of an imported suggestion, as the old bot named them. */
  public static final Set<String> SUGGESTION_STATES =
      Set.of("pending", "approved", "rejected", "cleared");

  /** The states of an imported queue item. */
  public static final Set<String> QUEUE_STATES = Set.of("queued", "approved", "rejected");

  /** Reply result keys: how many items were written, already there, or in conflict. */
  public static final String IMPORTED = "imported";

  public static final String PRESENT = "present";

  /** How the guild was opened: {@code settings}, {@code merged} or {@code present}. */
  public static final String GUILD = "guild";

  public static final String CONFLICTS = "conflicts";

  private LegacyImports() {}

  /**
   * Whether {@code actor} may import: Administrator or Manage Server in the permissions the command
   * carries (the importer sends them); a staff role is not enough to rewrite a guild's history.
   */
  public static boolean isOperator(Actor actor) {
    return actor != null && actor.isModerator(Set.of());
  }

  /** Whether the command {@code commandId} (an event's or an interaction's) was an import's. */
  public static boolean isImported(String commandId) {
    return commandId != null && commandId.startsWith(COMMAND_ID_PREFIX);
  }
}
