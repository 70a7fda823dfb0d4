package gg.suggestions.eventstore.contract.legacy;

import java.util.List;

/** Writes old queue items of one guild, as {@link ImportLegacySuggestions} does suggestions. */
public record ImportLegacyQueue(String guildId, List<QueuedSuggestionImported> items) {}
