package gg.suggestions.eventstore.privacy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.Random;
import org.junit.jupiter.api.Test;

class FieldCipherTest {

  private static final long SEED = Long.getLong("hostile.seed", System.nanoTime());
  private final SecureRandom random = new SecureRandom();
  private final FieldCipher cipher = new FieldCipher(random);
  private final DataKey key = DataKey.generate(random);

  @Test
  void opensWhatItSealedAndNamesTheKeyOnly() throws Exception {
    String text = "Dark mode, please 🌙 <b>now</b>";

    String sealed = cipher.seal(key, "text", text);

    assertThat(sealed).startsWith(FieldCipher.PREFIX + key.id() + ":").doesNotContain("Dark");
    assertThat(FieldCipher.keyIdOf(sealed)).isEqualTo(key.id());
    assertThat(cipher.open(key, "text", sealed)).isEqualTo(text);
    assertThat(cipher.seal(key, "text", text)).isNotEqualTo(sealed); // a fresh nonce each time
    assertThat(cipher.open(key, "text", cipher.seal(key, "text", ""))).isEmpty();
  }

  @Test
  void detectsEveryChangedByte() throws Exception {
    String sealed = cipher.seal(key, "text", "A suggestion");
    String prefix = sealed.substring(0, sealed.lastIndexOf(':') + 1);
    byte[] body = Base64.getUrlDecoder().decode(sealed.substring(prefix.length()));
    for (int i = 0; i < body.length; i++) {
      byte[] changed = body.clone();
      changed[i] ^= 0x01;
      String tampered = prefix + Base64.getUrlEncoder().withoutPadding().encodeToString(changed);
      assertThatThrownBy(() -> cipher.open(key, "text", tampered))
          .as("byte " + i)
          .isInstanceOfSatisfying(
              FieldCipher.Unopenable.class,
              e -> assertThat(e.reason()).isEqualTo(FieldCipher.Unopenable.TAMPERED));
    }
  }

  @Test
  void refusesAnotherKeyAnotherFieldAndAnotherKeyId() {
    String sealed = cipher.seal(key, "text", "A suggestion");
    DataKey other = DataKey.generate(random);
    DataKey sameIdOtherSecret = new DataKey(key.id(), other.secret());
    String movedToOtherId =
        FieldCipher.PREFIX + other.id() + sealed.substring(sealed.lastIndexOf(':'));

    assertThatThrownBy(() -> cipher.open(other, "text", sealed))
        .hasMessage(FieldCipher.Unopenable.WRONG_KEY);
    assertThatThrownBy(() -> cipher.open(sameIdOtherSecret, "text", sealed))
        .hasMessage(FieldCipher.Unopenable.TAMPERED);
    assertThatThrownBy(() -> cipher.open(key, "note", sealed))
        .hasMessage(FieldCipher.Unopenable.TAMPERED);
    assertThatThrownBy(() -> cipher.open(other, "text", movedToOtherId))
        .hasMessage(FieldCipher.Unopenable.TAMPERED);
  }

  @Test
  void refusesHostileValuesWithAReasonNeverAnUncheckedException() {
    Random hostile = new Random(SEED);
    String sealed = cipher.seal(key, "text", "A suggestion");
    for (int i = 0; i < 5_000; i++) {
      String value =
          switch (hostile.nextInt(4)) {
            case 0 -> FieldCipher.PREFIX + randomText(hostile, 80);
            case 1 -> sealed.substring(0, hostile.nextInt(sealed.length())); // cut short
            case 2 -> FieldCipher.PREFIX + key.id() + ":" + randomText(hostile, 200);
            default -> randomText(hostile, 40);
          };
      assertThatThrownBy(() -> cipher.open(key, "text", value))
          .as("seed " + SEED + ": " + value)
          .isInstanceOf(FieldCipher.Unopenable.class);
    }
  }

  @Test
  void keysNeverPrintTheirSecret() {
    assertThat(key.toString()).isEqualTo("DataKey[" + key.id() + "]");
    assertThatThrownBy(() -> new DataKey("a:b", new byte[32]))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new DataKey("k", new byte[16]))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private static String randomText(Random random, int max) {
    StringBuilder text = new StringBuilder();
    int length = random.nextInt(max + 1);
    for (int i = 0; i < length; i++) {
      text.append((char) (random.nextBoolean() ? 32 + random.nextInt(95) : random.nextInt(0x800)));
    }
    return text.toString();
  }
}
