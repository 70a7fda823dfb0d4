package gg.suggestions.gateway.i18n;

import gg.suggestions.eventstore.contract.ErrorCode;
import gg.suggestions.eventstore.envelope.ReplyEnvelope;
import gg.suggestions.gateway.command.InvalidInput;
import java.text.MessageFormat;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.MissingResourceException;
import java.util.ResourceBundle;

/**
 * Turns the command service's reply into the ephemeral message the user sees, in their locale
 * (en-GB, the base bundle, where their locale has no text). A refusal carries a title, the precise
 * text, the error code and the error id an operator looks up: the command's id.
 */
public final class ReplyMessages {

  static final String BUNDLE = "i18n.messages";

  /** A rendered reply; always ephemeral. {@code footer} is {@code null} when all went well. */
  public record Message(String title, String text, String footer) {}

  private ReplyMessages() {}

  /**
   * @param command the command's name, such as {@code suggest}. An accepted reply's text is {@code
   *     reply.<command>.<result key>} with the result's value (for example the new sID), or {@code
   *     reply.<command>} without a result.
   */
  public static Message render(ReplyEnvelope reply, String command, String locale) {
    ResourceBundle bundle = bundle(locale);
    if (reply.accepted()) {
      String key = "reply." + command.replace(' ', '_');
      Object[] arguments = {};
      if (reply.result().size() == 1) {
        Map.Entry<String, String> only = reply.result().entrySet().iterator().next();
        key += "." + only.getKey();
        // A result with a few known values (a vote: cast, switched, withdrawn) has a text each.
        if (bundle.containsKey(key + "." + only.getValue())) {
          key += "." + only.getValue();
        } else {
          arguments = new Object[] {only.getValue()};
        }
      }
      String text = text(bundle, key, arguments);
      return new Message(
          text(bundle, "reply.done.title"),
          text.equals(key) ? text(bundle, "reply.done") : text,
          null);
    }
    return refusal(bundle, reply.errorCode(), errorText(bundle, reply), reply.commandId());
  }

  /** Input the gateway refused before sending anything (error code 1000). */
  public static Message render(InvalidInput invalid, String interactionId, String locale) {
    ResourceBundle bundle = bundle(locale);
    return refusal(
        bundle,
        ErrorCode.INVALID_COMMAND.number(),
        text(bundle, invalid.key(), invalid.arguments().toArray()),
        interactionId);
  }

  private static Message refusal(ResourceBundle bundle, int code, String text, String errorId) {
    return new Message(
        text(bundle, "error.title"), text, text(bundle, "error.footer", code, errorId));
  }

  /**
   * The refusal's text in the user's language, followed by the detail the command service added
   * (such as "It was approved."), which stays as it came.
   */
  private static String errorText(ResourceBundle bundle, ReplyEnvelope reply) {
    ErrorCode code =
        Arrays.stream(ErrorCode.values())
            .filter(c -> reply.errorCode() != null && c.number() == reply.errorCode())
            .findFirst()
            .orElse(null);
    if (code == null || !reply.message().startsWith(code.english())) {
      return reply.message();
    }
    String detail = reply.message().substring(code.english().length()).strip();
    String text = text(bundle, code.messageKey());
    // A cooldown says how long it lasts in the reply's result, so it is said in the user's words.
    String wait = reply.result().get(ReplyEnvelope.RETRY_AFTER_SECONDS);
    if (code == ErrorCode.ON_COOLDOWN && wait != null) {
      return text + " " + text(bundle, "error.try_again_in", Long.parseLong(wait));
    }
    return detail.isEmpty() ? text : text + " " + detail;
  }

  /** The reply for a command that was sent but whose decision did not come in time. */
  public static Message pending(String locale) {
    ResourceBundle bundle = bundle(locale);
    return new Message(text(bundle, "reply.done.title"), text(bundle, "reply.pending"), null);
  }

  /** The command could not be sent: nothing changed. */
  public static Message unavailable(String interactionId, String locale) {
    ResourceBundle bundle = bundle(locale);
    return refusal(
        bundle,
        ErrorCode.INVALID_COMMAND.number(),
        text(bundle, "error.unavailable"),
        interactionId);
  }

  /** The text of {@code key} in {@code locale} (en-GB where it has none), formatted. */
  public static String text(String locale, String key, Object... arguments) {
    return text(bundle(locale), key, arguments);
  }

  static ResourceBundle bundle(String locale) {
    Locale wanted = locale == null ? Locale.UK : Locale.forLanguageTag(locale);
    return ResourceBundle.getBundle(
        BUNDLE,
        wanted,
        ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES));
  }

  private static String text(ResourceBundle bundle, String key, Object... arguments) {
    try {
      return new MessageFormat(bundle.getString(key), bundle.getLocale()).format(arguments);
    } catch (MissingResourceException missing) {
      return key;
    }
  }
}
