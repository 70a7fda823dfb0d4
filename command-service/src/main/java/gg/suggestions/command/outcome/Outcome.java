package gg.suggestions.command.outcome;

import gg.suggestions.eventstore.contract.ErrorCode;

/**
 * The result every command handler returns. A refusal is a value, not an exception: the loop turns
 * it into a reply and an interaction record, and no event is appended.
 */
public sealed interface Outcome {

  static Outcome accepted() {
    return Accepted.INSTANCE;
  }

  static Outcome refused(ErrorCode code, String detail) {
    return new Refused(code, detail);
  }

  /** The command was carried out; its events are in the open batch. */
  enum Accepted implements Outcome {
    INSTANCE
  }

  /**
   * The command was refused and changed nothing.
   *
   * @param code the stable error code
   * @param detail what exactly was wrong, for the user; may be {@code null}
   */
  record Refused(ErrorCode code, String detail) implements Outcome {}
}
