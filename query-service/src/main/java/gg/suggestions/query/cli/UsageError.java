package gg.suggestions.query.cli;

/** A command line that names something that does not exist or cannot be read; exit code 2. */
final class UsageError extends RuntimeException {

  UsageError(String message) {
    super(message);
  }
}
