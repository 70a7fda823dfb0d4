package gg.suggestions.command.outcome;

import gg.suggestions.eventstore.contract.ErrorCode;
import java.util.Map;

/**
 * The result every command handler returns. A refusal is a value, not an exception: the loop turns
 * it into a reply and an interaction record, and no event is appended.
 */
public sealed interface Outcome {

  static Outcome accepted() {
    return new Accepted(Map.of());
  }

  /**
   * @param result what the requester needs to know, such as a new suggestion's id
   */
  static Outcome accepted(Map<String, String> result) {
    return new Accepted(Map.copyOf(result));
  }

  static Outcome refused(ErrorCode code, String detail) {
    return new Refused(code, detail, Map.of());
  }

  /**
   * @param result what the requester needs in order to act on the refusal, such as how many seconds
   *     a cooldown has left
   */
  static Outcome refused(ErrorCode code, String detail, Map<String, String> result) {
    return new Refused(code, detail, Map.copyOf(result));
  }

  /** The command was carried out; its events are in the open batch. */
  record Accepted(Map<String, String> result) implements Outcome {}

  /**
   * The command was refused and changed nothing.
   *
   * @param code the stable error code
   * @param detail what exactly was wrong, for the user; may be {@code null}
   * @param result facts for the requester, such as a cooldown's seconds left; usually empty
   */
  record Refused(ErrorCode code, String detail, Map<String, String> result) implements Outcome {}
}
