package gg.suggestions.eventstore.contract.suggestion;

import org.axonframework.serialization.Revision;

/** The suggestion's message now lives elsewhere (a resolved copy in the log channel). */
@Revision("1")
public record SuggestionMessageMoved(
    String guildId, String suggestionId, String channelId, String messageId) {}
