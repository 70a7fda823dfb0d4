package gg.suggestions.eventstore.engine;

/**
 * A command needs the replica (an aggregate not in memory, an id that may have been handled), and
 * the replica is not current: the database is down, or behind the log and not catching up yet. The
 * command is refused with a "try again"; nothing of it was written.
 */
public final class ReplicaUnavailableException extends RuntimeException {

  public ReplicaUnavailableException(String message) {
    super(message);
  }

  public ReplicaUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
