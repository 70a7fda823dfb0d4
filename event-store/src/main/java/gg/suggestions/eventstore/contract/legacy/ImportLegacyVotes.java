package gg.suggestions.eventstore.contract.legacy;

import java.util.List;

/** More button voters of an imported suggestion; a voter who already has a vote is skipped. */
public record ImportLegacyVotes(
    String guildId, String suggestionId, List<String> upVoterIds, List<String> downVoterIds) {}
