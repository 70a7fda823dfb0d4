package gg.suggestions.eventstore.contract.suggestion;

import org.axonframework.serialization.Revision;

/** The suggestion's first message was posted. */
@Revision("1")
public record SuggestionMessagePosted(
    String guildId, String suggestionId, String channelId, String messageId) {}
