package gg.suggestions.eventstore.contract.legacy;

import java.util.List;

/**
 * Members' own settings from the old bot, applied where a member has none here yet (their own
 * choices stay). Every member's settings live on the partition of {@code user:<id>}, so one command
 * carries only members of the partition its actor's key names.
 */
public record ImportLegacyMembers(List<LegacyMember> members) {

  /** One member's settings, as the old bot kept them. */
  public record LegacyMember(String userId, boolean directMessages, boolean threadPings) {}
}
