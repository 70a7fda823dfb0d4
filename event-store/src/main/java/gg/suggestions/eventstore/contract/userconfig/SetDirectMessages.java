package gg.suggestions.eventstore.contract.userconfig;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Turns DMs from the bot about your suggestions on or off, in every guild. Only the member themself
 * may.
 *
 * @param userId whose setting
 * @param enabled its new value
 */
public record SetDirectMessages(String userId, boolean enabled) {

  /** The member's settings this command is for. */
  @TargetAggregateIdentifier
  public String userKey() {
    return UserKey.of(userId);
  }
}
