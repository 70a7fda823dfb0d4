package gg.suggestions.eventstore.privacy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class MasterKeysTest {

  private final SecureRandom random = new SecureRandom();
  private final String k1 = secret();
  private final String k2 = secret();

  @Test
  void unwrapsWhatItWrappedAndKeysWrappedBeforeARotation() throws Exception {
    MasterKeys before = MasterKeys.parse("k1:" + k1, random);
    DataKey key = DataKey.generate(random);
    byte[] wrapped = before.wrap(key);

    MasterKeys rotated = MasterKeys.parse("k2:" + k2 + ",k1:" + k1, random);

    assertThat(before.unwrap(key.id(), wrapped)).isEqualTo(key);
    assertThat(rotated.currentId()).isEqualTo("k2");
    assertThat(rotated.unwrap(key.id(), wrapped)).isEqualTo(key);
    assertThat(rotated.unwrap(key.id(), rotated.wrap(key))).isEqualTo(key);
    assertThatThrownBy(() -> MasterKeys.parse("k2:" + k2, random).unwrap(key.id(), wrapped))
        .isInstanceOf(FieldCipher.Unopenable.class)
        .hasMessageContaining("k1");
  }

  @Test
  void refusesAChangedWrappingOrAnotherKeyId() {
    MasterKeys keys = MasterKeys.parse("k1:" + k1, random);
    DataKey key = DataKey.generate(random);
    byte[] wrapped = keys.wrap(key);
    byte[] changed = wrapped.clone();
    changed[changed.length - 1] ^= 1;

    assertThatThrownBy(() -> keys.unwrap(key.id(), changed))
        .hasMessage(FieldCipher.Unopenable.TAMPERED);
    assertThatThrownBy(() -> keys.unwrap("another-key-id", wrapped))
        .hasMessage(FieldCipher.Unopenable.TAMPERED);
    assertThatThrownBy(() -> keys.unwrap(key.id(), new byte[] {5, 'k'}))
        .hasMessage(FieldCipher.Unopenable.MALFORMED);
    assertThatThrownBy(() -> keys.unwrap(key.id(), new byte[0]))
        .hasMessage(FieldCipher.Unopenable.MALFORMED);
  }

  @Test
  void refusesAMalformedSettingWithoutRepeatingIt() {
    String shortKey = Base64.getEncoder().encodeToString(new byte[16]);
    for (String bad :
        new String[] {
          null,
          "",
          "no-colon",
          ":" + k1,
          "k1:" + shortKey,
          "k1:not base64!",
          "k1:" + k1 + ",k1:" + k2
        }) {
      assertThatThrownBy(() -> MasterKeys.parse(bad, random))
          .isInstanceOf(IllegalArgumentException.class)
          .message()
          .doesNotContain(k1)
          .doesNotContain(k2)
          .doesNotContain(shortKey);
    }
    assertThat(MasterKeys.parse("k1:" + k1, random).toString()).doesNotContain(k1);
  }

  private String secret() {
    byte[] bytes = new byte[32];
    random.nextBytes(bytes);
    return Base64.getEncoder().encodeToString(bytes);
  }
}
