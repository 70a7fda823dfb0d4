package gg.suggestions.eventstore.contract.legacy;

import java.util.List;

/**
 * Writes old suggestions of one guild, opened by {@link ImportLegacyGuild}. A suggestion whose sID
 * is taken is not written: counted as present when it was imported before, as a conflict when the
 * guild's own history holds it.
 */
public record ImportLegacySuggestions(String guildId, List<LegacySuggestion> suggestions) {

  /**
   * One suggestion and its button voters; a suggestion with more voters than one command holds gets
   * the rest through {@link ImportLegacyVotes}.
   */
  public record LegacySuggestion(
      SuggestionImported suggestion, List<String> upVoterIds, List<String> downVoterIds) {}
}
