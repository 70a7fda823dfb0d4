package gg.suggestions.eventstore.envelope;

/** A record on the log is not a readable event envelope; the message names what is wrong. */
public final class MalformedEnvelopeException extends RuntimeException {

  public MalformedEnvelopeException(String message) {
    super(message);
  }

  public MalformedEnvelopeException(String message, Throwable cause) {
    super(message, cause);
  }
}
