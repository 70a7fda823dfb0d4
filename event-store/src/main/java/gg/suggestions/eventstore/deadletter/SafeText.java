package gg.suggestions.eventstore.deadletter;

/**
 * Text made storable in any PostgreSQL {@code text}, {@code varchar} or {@code jsonb} column: the
 * server refuses the NUL character, and the driver silently turns a lone surrogate into {@code ?},
 * so two different ids could become one.
 */
public final class SafeText {

  /** The longest id, type or key a reader stores; longer is a record's fault, never legitimate. */
  public static final int MAX_ID = 200;

  private SafeText() {}

  /**
   * {@code text} without NUL and the other C0 controls except {@code \n} and {@code \t}, with lone
   * surrogates replaced by U+FFFD, cut to {@code max} characters without splitting a pair; null
   * stays null.
   */
  public static String clean(String text, int max) {
    if (text == null) {
      return null;
    }
    StringBuilder out = new StringBuilder(Math.min(text.length(), max));
    for (int i = 0; i < text.length() && out.length() < max; i++) {
      char c = text.charAt(i);
      if (Character.isHighSurrogate(c)
          && i + 1 < text.length()
          && Character.isLowSurrogate(text.charAt(i + 1))) {
        if (out.length() + 2 > max) {
          break;
        }
        out.append(c).append(text.charAt(++i));
      } else if (Character.isSurrogate(c)) {
        out.append('\uFFFD');
      } else if (c >= ' ' || c == '\n' || c == '\t') {
        out.append(c);
      }
    }
    return out.toString();
  }

  /**
   * {@code text} as a log line or a terminal may show it: every control character (C0, DEL, C1,
   * line breaks included) and every lone surrogate escaped as {@code \\uXXXX}, cut to {@code max}
   * characters with the full length noted; null becomes {@code "null"}.
   */
  public static String printable(String text, int max) {
    if (text == null) {
      return "null";
    }
    StringBuilder out = new StringBuilder(Math.min(text.length(), max) + 16);
    int i = 0;
    for (; i < text.length() && out.length() < max; i++) {
      char c = text.charAt(i);
      boolean pair =
          Character.isHighSurrogate(c)
              && i + 1 < text.length()
              && Character.isLowSurrogate(text.charAt(i + 1));
      if (pair) {
        out.append(c).append(text.charAt(++i));
      } else if (c < 0x20 || (c >= 0x7f && c <= 0x9f) || Character.isSurrogate(c)) {
        out.append(String.format("\\u%04x", (int) c));
      } else {
        out.append(c);
      }
    }
    return i < text.length() ? out + "… (" + text.length() + " characters)" : out.toString();
  }

  /** Why {@code text} cannot be stored as it is, or null if it can. */
  public static String problem(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '\0') {
        return "holds a NUL character at index " + i;
      }
      if (Character.isHighSurrogate(c)
          && i + 1 < text.length()
          && Character.isLowSurrogate(text.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        return "holds a lone surrogate at index " + i;
      }
    }
    return null;
  }

  /** As {@link #problem(String)}, also refusing an id longer than {@link #MAX_ID}. */
  public static String idProblem(String id) {
    if (id != null && id.length() > MAX_ID) {
      return "is " + id.length() + " characters long, over " + MAX_ID;
    }
    return id == null ? null : problem(id);
  }
}
