package gg.suggestions.eventstore.envelope;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.DateTimeException;
import java.time.Instant;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class InstantsTest {

  @Test
  void readsEveryInstantAsInstantParseDoes() {
    SplittableRandom random = new SplittableRandom(31);
    for (int i = 0; i < 20_000; i++) {
      Instant at =
          Instant.ofEpochSecond(
              random.nextLong(-62_000_000_000L, 250_000_000_000L), random.nextInt(1_000_000_000));
      String text = at.toString();

      assertThat(Instants.parseUtc(text)).as(text).isEqualTo(Instant.parse(text));
    }
  }

  /** Whatever it reads, it reads as Instant.parse; the rest it leaves to Instant.parse. */
  @Test
  void readsNothingDifferentlyFromInstantParse() {
    SplittableRandom random = new SplittableRandom(32);
    String alphabet = "0123456789-T:.Zz+ ";
    String[] shapes = {
      "2026-01-31T23:59:59Z", "2026-02-29T12:00:00.123456Z", "1999-12-31T00:00:00.1Z"
    };
    for (int i = 0; i < 50_000; i++) {
      StringBuilder text = new StringBuilder(shapes[random.nextInt(shapes.length)]);
      for (int e = random.nextInt(4); e > 0; e--) {
        int at = random.nextInt(text.length());
        char c = alphabet.charAt(random.nextInt(alphabet.length()));
        switch (random.nextInt(3)) {
          case 0 -> text.setCharAt(at, c);
          case 1 -> text.insert(at, c);
          default -> text.deleteCharAt(at);
        }
      }
      Instant read = Instants.parseUtc(text.toString());
      if (read != null) {
        assertThat(read).as(text.toString()).isEqualTo(parse(text.toString()));
      }
    }
  }

  private static Instant parse(String text) {
    try {
      return Instant.parse(text);
    } catch (DateTimeException e) {
      return null;
    }
  }
}
