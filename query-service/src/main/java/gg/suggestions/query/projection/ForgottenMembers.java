package gg.suggestions.query.projection;

import gg.suggestions.eventstore.contract.userconfig.MemberForgotten;
import gg.suggestions.eventstore.privacy.MemberKeys;
import gg.suggestions.eventstore.privacy.Sealing;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Who a {@link MemberForgotten} is about, for the projections that scrub the member's rows: the
 * event names only key ids, and this node's key ring knows whose they were from their tombstones
 * (read within {@code SuggestionTopics.KEY_FORGET_BOUND} of the forgetting). A projection that
 * could not tell had not opened the member's fields either, unless it lagged longer than that; then
 * the log line says to rebuild it.
 */
public final class ForgottenMembers {

  private static final Logger log = LoggerFactory.getLogger(ForgottenMembers.class);

  private ForgottenMembers() {}

  /** The member of each key in {@code event}, with the pseudonym their rows get. */
  public static Map<String, String> of(MemberForgotten event, String projection) {
    Optional<MemberKeys> keys = Sealing.process().keys();
    Map<String, String> members = new LinkedHashMap<>();
    // Sorted key ids: the first key of a member names their pseudonym, the same on every node.
    for (String keyId : event.keyIds().stream().sorted().toList()) {
      Optional<String> member = keys.flatMap(k -> k.forgottenMember(keyId));
      if (member.isPresent()) {
        members.putIfAbsent(member.get(), Sealing.pseudonym(keyId));
      } else {
        log.warn(
            "Projection {} can not tell whose forgotten key {} was (no master key here, or its"
                + " tombstone is compacted away); if it had opened that member's fields, rebuild"
                + " it: suggestionsctl rebuild {}",
            projection,
            keyId,
            projection);
      }
    }
    return members;
  }
}
