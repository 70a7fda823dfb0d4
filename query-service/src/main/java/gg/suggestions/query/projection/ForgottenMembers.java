package gg.suggestions.query.projection;

import gg.suggestions.eventstore.contract.userconfig.ForgetMember;
import gg.suggestions.eventstore.contract.userconfig.MemberForgotten;
import gg.suggestions.eventstore.envelope.InteractionEnvelope;
import gg.suggestions.eventstore.privacy.Sealing;
import java.util.List;
import java.util.Map;
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

  private static final String FORGET_MEMBER = ForgetMember.class.getSimpleName();

  private ForgottenMembers() {}

  /** Whether {@code interaction} is a member's forgetting, accepted. */
  public static boolean isForgetting(InteractionEnvelope interaction) {
    return FORGET_MEMBER.equals(interaction.type()) && "accepted".equals(interaction.outcome());
  }

  /**
   * The members a forgetting on the interaction topic is about (its reply lists the key ids), for
   * projections of that topic, which do not see {@link MemberForgotten}.
   */
  public static Map<String, String> of(InteractionEnvelope forgetting, String projection) {
    String ids =
        forgetting.reply() == null
            ? null
            : forgetting.reply().result().get(ForgetMember.RESULT_KEY_IDS);
    return ids == null || ids.isBlank()
        ? Map.of()
        : of(new MemberForgotten(List.of(ids.split(","))), projection);
  }

  /** The member of each key in {@code event}, with the pseudonym their rows get. */
  public static Map<String, String> of(MemberForgotten event, String projection) {
    Map<String, String> members = Sealing.process().forgottenMembers(event.keyIds());
    if (members.isEmpty() && !event.keyIds().isEmpty()) {
      log.warn(
          "Projection {} can not tell whose forgotten keys {} were (no master key here, or their"
              + " tombstones are compacted away); if it had opened that member's fields, rebuild"
              + " it: suggestionsctl rebuild {}",
          projection,
          event.keyIds(),
          projection);
    }
    return members;
  }
}
