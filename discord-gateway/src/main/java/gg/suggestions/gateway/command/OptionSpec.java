package gg.suggestions.gateway.command;

import java.util.List;

/**
 * One option of a slash command as it is registered with Discord; its name is one of {@link
 * Options}, so registration and parsing agree. Names and descriptions are localised by key at
 * registration.
 *
 * @param choices the fixed values a user picks from, or empty for free input
 */
public record OptionSpec(
    String name, Type type, boolean required, boolean autocomplete, List<String> choices) {

  /** The Discord option types the bot uses. */
  public enum Type {
    STRING,
    BOOLEAN,
    USER,
    CHANNEL,
    ATTACHMENT
  }

  public OptionSpec {
    choices = List.copyOf(choices);
  }

  public static OptionSpec required(String name, Type type) {
    return new OptionSpec(name, type, true, false, List.of());
  }

  public static OptionSpec optional(String name, Type type) {
    return new OptionSpec(name, type, false, false, List.of());
  }

  /** An sID or queue id, completed from the guild's ids as the user types. */
  public static OptionSpec suggestionId(boolean required) {
    return new OptionSpec(Options.SUGGESTION_ID, Type.STRING, required, true, List.of());
  }

  public static OptionSpec choice(String name, List<String> choices) {
    return new OptionSpec(name, Type.STRING, true, false, choices);
  }
}
