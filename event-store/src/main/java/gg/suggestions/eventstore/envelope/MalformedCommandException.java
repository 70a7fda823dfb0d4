package gg.suggestions.eventstore.envelope;

import java.util.Optional;

/**
 * A record on the command topic is not a valid command. When the requester and the command id could
 * still be read, the loop answers with a refusal instead of leaving the requester waiting.
 */
public final class MalformedCommandException extends RuntimeException {

  private final String commandId;
  private final String replyTo;

  MalformedCommandException(String message, String commandId, String replyTo) {
    super(message);
    this.commandId = commandId;
    this.replyTo = replyTo;
  }

  public Optional<String> commandId() {
    return Optional.ofNullable(commandId);
  }

  /** The requester to refuse, if it could be read. */
  public Optional<String> replyTo() {
    return Optional.ofNullable(replyTo);
  }
}
