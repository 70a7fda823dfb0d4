package gg.suggestions.eventstore.envelope;

import java.util.Optional;

/**
 * A record on the command topic is not a valid command. When the requester and the command id could
 * still be read, the loop answers with a refusal instead of leaving the requester waiting.
 */
public final class MalformedCommandException extends RuntimeException {

  private final String problems;
  private final String commandId;
  private final String replyTo;

  MalformedCommandException(String message, String problems, String commandId, String replyTo) {
    super(message);
    this.problems = problems;
    this.commandId = commandId;
    this.replyTo = replyTo;
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
