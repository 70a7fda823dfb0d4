package gg.suggestions.deploy.runtime;

/**
 * A setting or environment problem that stops the platform from starting. Its message is one
 * sentence an operator can act on: what is wrong, and what to change.
 */
public final class StartupProblem extends Exception {

  public StartupProblem(String message) {
    super(message);
  }

  public StartupProblem(String message, Throwable cause) {
    super(message, cause);
  }
}
