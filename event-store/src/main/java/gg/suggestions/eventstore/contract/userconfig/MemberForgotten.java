package gg.suggestions.eventstore.contract.userconfig;

import java.util.List;
import org.axonframework.serialization.Revision;

/**
 * A member was forgotten: the data keys {@code keyIds} were tombstoned in the key topic just
 * before, so nothing sealed with them opens again. Readers scrub what they had opened with them:
 * texts become "[removed]", the member's id their pseudonym. Carries no id of the member: the key
 * ids are random and, once the key records are compacted away, lead to nobody.
 *
 * @param keyIds the member's data keys, each of whose fields are now unreadable
 */
@Revision("1")
public record MemberForgotten(List<String> keyIds) {

  public MemberForgotten {
    keyIds = keyIds == null ? List.of() : List.copyOf(keyIds);
  }
}
