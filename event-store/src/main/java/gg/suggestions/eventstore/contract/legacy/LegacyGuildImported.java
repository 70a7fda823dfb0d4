package gg.suggestions.eventstore.contract.legacy;

import org.axonframework.serialization.Revision;

/**
 * The old bot's data of a guild is being imported here. Written first, before the guild's imported
 * settings; the guild's imported suggestions, queue and statistics are accepted only after it.
 *
 * @param mergedWithNative whether the guild already had history here, which the operator chose to
 *     keep (its own settings stay; the old bot's are not applied)
 */
@Revision("1")
public record LegacyGuildImported(String guildId, boolean mergedWithNative) {}
