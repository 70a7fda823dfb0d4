package gg.suggestions.eventstore.privacy;

import java.security.SecureRandom;
import java.util.Arrays;
import java.util.UUID;

/**
 * One member's data key: 256 random bits for AES-GCM, and an opaque id that says nothing about the
 * member (it sits in plaintext beside every ciphertext on the log). Never printed.
 */
public final class DataKey {

  static final int BYTES = 32;

  private final String id;
  private final byte[] secret;

  DataKey(String id, byte[] secret) {
    if (id == null || id.isBlank() || id.length() > 64 || id.indexOf(':') >= 0) {
      throw new IllegalArgumentException("A data key id is 1 to 64 characters without ':'");
    }
    if (secret == null || secret.length != BYTES) {
      throw new IllegalArgumentException("A data key is " + BYTES + " bytes");
    }
    this.id = id;
    this.secret = secret.clone();
  }

  /** A new key with a new random id. */
  public static DataKey generate(SecureRandom random) {
    byte[] secret = new byte[BYTES];
    random.nextBytes(secret);
    return new DataKey(UUID.randomUUID().toString(), secret);
  }

  public String id() {
    return id;
  }

  byte[] secret() {
    return secret.clone();
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof DataKey key && key.id.equals(id) && Arrays.equals(key.secret, secret);
  }

  @Override
  public int hashCode() {
    return id.hashCode();
  }

  @Override
  public String toString() {
    return "DataKey[" + id + "]";
  }
}
