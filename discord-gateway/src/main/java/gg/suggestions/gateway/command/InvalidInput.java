package gg.suggestions.gateway.command;

import java.util.List;

/**
 * Input the gateway refuses before anything is sent: the user sees the localised message of {@code
 * key} with {@code arguments}, and nothing changes.
 */
public final class InvalidInput extends RuntimeException {

  private final String key;
  private final List<Object> arguments;

  public InvalidInput(String key, Object... arguments) {
    super(key + " " + List.of(arguments));
    this.key = key;
    this.arguments = List.of(arguments);
  }

  public String key() {
    return key;
  }

  public List<Object> arguments() {
    return arguments;
  }
}
