package gg.suggestions.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.math.BigDecimal;
import java.util.List;
import java.util.Random;

/**
 * Seeded hostile values for the randomised boundary tests. A test takes its seed from {@link
 * #seed()}, which prints it; set {@code -Dhostile.seed=<n>} to replay a failing run exactly.
 */
public final class HostileInput {

  /** One class of hostile value; tests tabulate outcomes by it. */
  public enum Kind {
    NUL_BYTE,
    C0_CONTROL,
    LONE_HIGH_SURROGATE,
    LONE_LOW_SURROGATE,
    DIGITS_300,
    A_5000,
    CHARS_100K,
    SQL_INJECTION,
    EMOJI,
    LITERAL_NULL,
    NEGATIVE,
    EMPTY,
    BLANK,
    LEADING_ZERO,
    OVER_UINT64,
    BIDI_OVERRIDE,
    HTML,
    RANDOM_UNICODE,
    WRONG_TYPE_NUMBER,
    WRONG_TYPE_HUGE_NUMBER,
    WRONG_TYPE_ARRAY,
    WRONG_TYPE_OBJECT,
    WRONG_TYPE_BOOLEAN,
    JSON_NULL,
    DEEP_NESTING,
    LONG_ARRAY
  }

  /** A hostile value of {@code kind}, as JSON. */
  public record Value(Kind kind, JsonNode json) {
    @Override
    public String toString() {
      String text = json.toString();
      return kind + "(" + (text.length() > 60 ? text.substring(0, 60) + "…" : text) + ")";
    }
  }

  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  private HostileInput() {}

  /** The seed of a randomised test: {@code -Dhostile.seed}, or a fresh one; printed either way. */
  public static long seed() {
    long seed = Long.getLong("hostile.seed", new Random().nextLong());
    System.out.println(
        "Hostile input seed: " + seed + " (replay with -Dhostile.seed=" + seed + ")");
    return seed;
  }

  public static Value any(Random random) {
    Kind[] kinds = Kind.values();
    return of(kinds[random.nextInt(kinds.length)], random);
  }

  public static Value of(Kind kind, Random random) {
    return new Value(kind, json(kind, random));
  }

  private static JsonNode json(Kind kind, Random random) {
    return switch (kind) {
      case WRONG_TYPE_NUMBER -> JSON.numberNode(random.nextInt());
      case WRONG_TYPE_HUGE_NUMBER -> JSON.numberNode(new BigDecimal("1e400"));
      case WRONG_TYPE_ARRAY -> JSON.arrayNode().add("601219766258106399").add(7);
      case WRONG_TYPE_OBJECT -> JSON.objectNode().put("$gt", "");
      case WRONG_TYPE_BOOLEAN -> JSON.booleanNode(random.nextBoolean());
      case JSON_NULL -> JSON.nullNode();
      case DEEP_NESTING -> deep(random.nextInt(10, 40));
      case LONG_ARRAY -> longArray(random);
      default -> JSON.textNode(text(kind, random));
    };
  }

  /** A hostile string of {@code kind}; only the string kinds have one. */
  public static String text(Kind kind, Random random) {
    return switch (kind) {
      case NUL_BYTE -> "6012197662" + '\u0000' + "58106399";
      case C0_CONTROL -> "a" + (char) (1 + random.nextInt(8)) + "\u001b[31mb";
      case LONE_HIGH_SURROGATE -> "abc\ud83d";
      case LONE_LOW_SURROGATE -> "\ude00abc";
      case DIGITS_300 -> "1" + "0".repeat(299);
      case A_5000 -> "A".repeat(5000);
      case CHARS_100K -> "x".repeat(100_000);
      case SQL_INJECTION -> "' OR '1'='1'; DROP TABLE suggestion; --";
      case EMOJI -> "\ud83d\udc4d\ud83c\udffd";
      case LITERAL_NULL -> "null";
      case NEGATIVE -> "-1";
      case EMPTY -> "";
      case BLANK -> " \t ";
      case LEADING_ZERO -> "0601219766258106399";
      case OVER_UINT64 -> "18446744073709551616";
      case BIDI_OVERRIDE -> "\u202egnp.exe";
      case HTML -> "<script>alert(1)</script>";
      case RANDOM_UNICODE -> randomUnicode(random);
      default -> throw new IllegalArgumentException(kind + " is not a string kind");
    };
  }

  public static List<Kind> stringKinds() {
    return List.of(Kind.values()).subList(0, Kind.RANDOM_UNICODE.ordinal() + 1);
  }

  private static String randomUnicode(Random random) {
    StringBuilder text = new StringBuilder();
    int length = random.nextInt(1, 64);
    for (int i = 0; i < length; i++) {
      text.append((char) random.nextInt(0, 0x10000));
    }
    return text.toString();
  }

  private static JsonNode deep(int depth) {
    JsonNode node = JSON.textNode("bottom");
    for (int i = 0; i < depth; i++) {
      node = JSON.objectNode().set("n", node);
    }
    return node;
  }

  private static JsonNode longArray(Random random) {
    var array = JSON.arrayNode();
    int size = random.nextInt(251, 5000);
    for (int i = 0; i < size; i++) {
      array.add("601219766258106399");
    }
    return array;
  }
}
