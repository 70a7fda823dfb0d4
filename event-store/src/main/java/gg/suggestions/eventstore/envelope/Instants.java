package gg.suggestions.eventstore.envelope;

import java.time.Instant;
import java.time.LocalDate;

/** Reading the instants of envelopes, millions of times in a rebuild. */
final class Instants {

  private static final int[] DIGIT_POSITIONS = {0, 1, 2, 3, 5, 6, 8, 9, 11, 12, 14, 15, 17, 18};

  private Instants() {}

  /**
   * {@code text} as {@link Instant#parse} reads it, for the form every envelope is written in
   * ({@code 2026-01-31T23:59:59.123456Z}: a four-digit year, up to nine fraction digits, UTC); null
   * for anything else, which the caller leaves to {@link Instant#parse}.
   */
  static Instant parseUtc(String text) {
    int length = text.length();
    if (length < 20
        || length > 30
        || length == 21
        || text.charAt(4) != '-'
        || text.charAt(7) != '-'
        || text.charAt(10) != 'T'
        || text.charAt(13) != ':'
        || text.charAt(16) != ':'
        || text.charAt(length - 1) != 'Z') {
      return null;
    }
    for (int position : DIGIT_POSITIONS) {
      if (!digit(text.charAt(position))) {
        return null;
      }
    }
    int nanos = 0;
    if (length > 20) {
      if (text.charAt(19) != '.') {
        return null;
      }
      for (int i = 20; i < length - 1; i++) {
        if (!digit(text.charAt(i))) {
          return null;
        }
        nanos = nanos * 10 + (text.charAt(i) - '0');
      }
      for (int i = length - 1; i < 29; i++) {
        nanos *= 10;
      }
    } else if (text.charAt(19) != 'Z') {
      return null;
    }
    int hour = number(text, 11);
    int minute = number(text, 14);
    int second = number(text, 17);
    int month = number(text, 5);
    int day = number(text, 8);
    if (hour > 23 || minute > 59 || second > 59 || month < 1 || month > 12 || day < 1) {
      return null;
    }
    int year = number(text, 0) * 100 + number(text, 2);
    if (day > LocalDate.of(year, month, 1).lengthOfMonth()) {
      return null;
    }
    long days = LocalDate.of(year, month, day).toEpochDay();
    return Instant.ofEpochSecond(days * 86_400 + hour * 3_600L + minute * 60L + second, nanos);
  }

  private static boolean digit(char c) {
    return c >= '0' && c <= '9';
  }

  private static int number(String text, int at) {
    return (text.charAt(at) - '0') * 10 + (text.charAt(at + 1) - '0');
  }
}
