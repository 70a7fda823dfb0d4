/**
 * The old bot's data brought in by {@code suggestionsctl import legacy}: the commands the importer
 * sends, one guild at a time in chunks, and the events that record what the old bot's documents
 * said where they hold no real history (a suggestion's state at export, not how it got there).
 * Every command id of an import starts with {@link LegacyImports#COMMAND_ID_PREFIX}, so the events
 * and interactions it writes are known as imported wherever they are read: they have no Discord
 * effects and count in no usage figure of this platform.
 */
package gg.suggestions.eventstore.contract.legacy;
