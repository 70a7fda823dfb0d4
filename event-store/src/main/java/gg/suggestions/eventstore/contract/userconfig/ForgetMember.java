package gg.suggestions.eventstore.contract.userconfig;

/**
 * Forgets a member (docs/privacy.md): their data keys are destroyed, so every personal field sealed
 * with them reads "[removed]" (an id: their pseudonym) wherever the log is read, and the
 * projections scrub what they had opened. Only the member themself may; an operator sends it on
 * their behalf (suggestionsctl forget, or the API). It names no aggregate: each forgetting is a new
 * one, whose id names nobody.
 *
 * @param userId who is forgotten
 */
public record ForgetMember(String userId) {

  /**
   * The result key of an accepted forgetting's reply: the forgotten key ids, comma-separated, for
   * the readers of the interaction topic, which do not see the event.
   */
  public static final String RESULT_KEY_IDS = "keyIds";
}
