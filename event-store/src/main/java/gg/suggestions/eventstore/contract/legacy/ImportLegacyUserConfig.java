package gg.suggestions.eventstore.contract.legacy;

/**
 * A member's own settings from the old bot, sent on their behalf. A member who has settings here
 * already keeps them.
 */
public record ImportLegacyUserConfig(String userId, boolean directMessages, boolean threadPings) {}
