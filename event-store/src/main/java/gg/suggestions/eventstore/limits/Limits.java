package gg.suggestions.eventstore.limits;

import gg.suggestions.eventstore.deadletter.SafeText;
import java.math.BigInteger;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The platform's input limits, in one place. Every boundary (HTTP, the command topic, the gateway,
 * the CLI) checks with these methods, and the command side checks again whatever a requester sent.
 * Each check answers the problem as a sentence that names the field, or nothing when the value is
 * fine.
 *
 * <ul>
 *   <li><b>Snowflakes</b> (guild, user, channel, message, thread and role ids): 1 to {@value
 *       #SNOWFLAKE_MAX_DIGITS} decimal digits without a leading zero, at most 2<sup>64</sup>−1.
 *       Real Discord ids have 17 to 20 digits; shorter ones are accepted so that tests and imported
 *       data with small ids stay valid, and because nothing breaks on them.
 *   <li><b>Short ids</b> (sIDs and queue ids): 1 to {@value #SHORT_ID_MAX} of {@code A-Z a-z 0-9 _
 *       -}.
 *   <li><b>Tokens</b> (command ids, idempotency keys, requester ids): 1 to {@value #TOKEN_MAX} of
 *       {@code A-Z a-z 0-9 . _ : -}.
 *   <li><b>Text</b>: at most {@value #TEXT_MAX} UTF-16 units in any command field (the domain's own
 *       rules are narrower, a suggestion has at most 1000 characters); no C0 control character but
 *       tab, line feed and carriage return; no unpaired surrogate.
 *   <li><b>Locales</b>: a BCP 47 tag of at most {@value #LOCALE_MAX} characters, like {@code
 *       en-GB}.
 *   <li><b>Sizes</b>: a command is at most {@value #COMMAND_MAX_BYTES} bytes of JSON, with at most
 *       {@value #LIST_MAX} items in any list and objects nested at most {@value #DEPTH_MAX} deep.
 * </ul>
 */
public final class Limits {

  public static final int SNOWFLAKE_MAX_DIGITS = 20;
  public static final int SHORT_ID_MAX = 64;
  public static final int TOKEN_MAX = 128;
  public static final int TEXT_MAX = 4000;
  public static final int LOCALE_MAX = 35;
  public static final int COMMAND_MAX_BYTES = 64 * 1024;
  public static final int LIST_MAX = 250;
  public static final int DEPTH_MAX = 4;

  /** How many characters of a refused value a problem quotes. */
  public static final int QUOTE_MAX = 40;

  private static final Pattern SNOWFLAKE = Pattern.compile("[1-9][0-9]{0,19}");
  private static final BigInteger SNOWFLAKE_CEILING = BigInteger.ONE.shiftLeft(64);
  private static final Pattern SHORT_ID = Pattern.compile("[A-Za-z0-9_-]{1," + SHORT_ID_MAX + "}");
  private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9._:-]{1," + TOKEN_MAX + "}");
  private static final Pattern LOCALE = Pattern.compile("[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8}){0,4}");

  private Limits() {}

  public static boolean isSnowflake(String value) {
    return value != null
        && SNOWFLAKE.matcher(value).matches()
        && new BigInteger(value).compareTo(SNOWFLAKE_CEILING) < 0;
  }

  public static Optional<String> snowflake(String field, String value) {
    return isSnowflake(value)
        ? Optional.empty()
        : Optional.of(
            field
                + " must be a Discord id: 1 to "
                + SNOWFLAKE_MAX_DIGITS
                + " digits, not "
                + quote(value));
  }

  public static Optional<String> shortId(String field, String value) {
    return value != null && SHORT_ID.matcher(value).matches()
        ? Optional.empty()
        : Optional.of(
            field + " must be 1 to " + SHORT_ID_MAX + " of A-Z a-z 0-9 _ -, not " + quote(value));
  }

  public static boolean isToken(String value) {
    return value != null && TOKEN.matcher(value).matches();
  }

  public static Optional<String> token(String field, String value) {
    return isToken(value)
        ? Optional.empty()
        : Optional.of(
            field + " must be 1 to " + TOKEN_MAX + " of A-Z a-z 0-9 . _ : -, not " + quote(value));
  }

  public static Optional<String> locale(String field, String value) {
    return value != null && value.length() <= LOCALE_MAX && LOCALE.matcher(value).matches()
        ? Optional.empty()
        : Optional.of(field + " must be a locale like en-GB, not " + quote(value));
  }

  /** Text of at most {@code max} UTF-16 units, with the platform's character policy. */
  public static Optional<String> text(String field, String value, int max) {
    if (value.length() > max) {
      return Optional.of(
          field + " has " + value.length() + " characters; at most " + max + " are allowed");
    }
    int bad = firstForbidden(value);
    return bad < 0
        ? Optional.empty()
        : Optional.of(
            field + " contains a forbidden character at index " + bad + characterName(value, bad));
  }

  /**
   * The index of the first character the platform refuses in text: a C0 control other than tab,
   * line feed and carriage return, or half of a surrogate pair; -1 when there is none.
   */
  public static int firstForbidden(String value) {
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c < 0x20 && c != '\t' && c != '\n' && c != '\r') {
        return i;
      }
      if (Character.isHighSurrogate(c)
          && i + 1 < value.length()
          && Character.isLowSurrogate(value.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        return i;
      }
    }
    return -1;
  }

  private static String characterName(String value, int index) {
    return String.format(" (U+%04X)", (int) value.charAt(index));
  }

  /**
   * {@code value} as a problem may show it: quoted, at most {@value #QUOTE_MAX} characters, with
   * control characters and unpaired surrogates escaped, so a refusal never carries the hostile
   * value itself into a log line or a reply.
   */
  public static String quote(String value) {
    return value == null ? "nothing" : "'" + SafeText.printable(value, QUOTE_MAX) + "'";
  }
}
