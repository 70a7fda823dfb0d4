package gg.suggestions.eventstore.contract.suggestion;

/**
 * The aggregate id of a suggestion: its guild and its sID. sIDs are unique only within a guild, so
 * the guild is part of the key and an sID of one guild is never found from another.
 */
public final class SuggestionKey {

  private SuggestionKey() {}

  public static String of(String guildId, String suggestionId) {
    return guildId + "/" + suggestionId;
  }
}
