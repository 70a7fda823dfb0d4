package gg.suggestions.eventstore.envelope;

import gg.suggestions.eventstore.contract.ErrorCode;
import java.util.Optional;

/**
 * A record on the command topic is not a valid command. When the requester and the command id could
 * still be read, the loop answers with a refusal instead of leaving the requester waiting.
 */
public final class MalformedCommandException extends RuntimeException {

  private final ErrorCode code;
  private final String problems;
  private final String commandId;
  private final String replyTo;

  MalformedCommandException(String message, String problems, String commandId, String replyTo) {
    this(ErrorCode.INVALID_COMMAND, message, problems, commandId, replyTo);
  }

  MalformedCommandException(
      ErrorCode code, String message, String problems, String commandId, String replyTo) {
    super(message);
    this.code = code;
    this.problems = problems;
    this.commandId = commandId;
    this.replyTo = replyTo;
  }

  /**
   * The refusal's code: {@link ErrorCode#UNKNOWN_COMMAND} when the type is not a command type,
   * {@link ErrorCode#INVALID_COMMAND} otherwise.
   */
  public ErrorCode code() {
    return code;
  }

  /** What is wrong, each problem naming its field, short enough for a reply. */
  public String problems() {
    return problems;
  }

  public Optional<String> commandId() {
    return Optional.ofNullable(commandId);
  }

  /** The requester to refuse, if it could be read. */
  public Optional<String> replyTo() {
    return Optional.ofNullable(replyTo);
  }
}
