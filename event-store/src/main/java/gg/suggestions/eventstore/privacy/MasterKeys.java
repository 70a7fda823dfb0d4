package gg.suggestions.eventstore.privacy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The master keys that wrap every member's data key before it goes to the key topic: the first is
 * current (new keys are wrapped with it), the others still unwrap keys wrapped before a rotation.
 * Read from {@code SUGGESTIONS_MASTER_KEY} as {@code <id>:<base64 of 32 bytes>[,<id>:<base64>…]};
 * never printed, and a malformed value is refused with a message that does not repeat it.
 */
public final class MasterKeys {

  private static final int NONCE_BYTES = 12;
  private static final int TAG_BITS = 128;

  private final String current;
  private final Map<String, byte[]> keys;
  private final SecureRandom random;

  private MasterKeys(Map<String, byte[]> keys, SecureRandom random) {
    this.keys = keys;
    this.current = keys.keySet().iterator().next();
    this.random = random;
  }

  /**
   * @throws IllegalArgumentException if {@code value} is missing or malformed; the message says
   *     what is wrong, never the value
   */
  public static MasterKeys parse(String value, SecureRandom random) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(
          "SUGGESTIONS_MASTER_KEY is not set: <id>:<base64 of 32 random bytes>, e.g. k1:$(openssl"
              + " rand -base64 32)");
    }
    Map<String, byte[]> keys = new LinkedHashMap<>();
    String[] entries = value.strip().split(",");
    for (int i = 0; i < entries.length; i++) {
      String entry = entries[i].strip();
      int colon = entry.indexOf(':');
      String id = colon < 0 ? "" : entry.substring(0, colon);
      if (!id.matches("[A-Za-z0-9_.-]{1,32}")) {
        throw new IllegalArgumentException(
            "SUGGESTIONS_MASTER_KEY entry "
                + (i + 1)
                + " needs an id of 1 to 32 letters, digits, '_', '.' or '-' before ':'");
      }
      byte[] secret;
      try {
        secret = Base64.getDecoder().decode(entry.substring(colon + 1));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("SUGGESTIONS_MASTER_KEY entry " + id + " is not base64");
      }
      if (secret.length != DataKey.BYTES) {
        throw new IllegalArgumentException(
            "SUGGESTIONS_MASTER_KEY entry "
                + id
                + " is "
                + secret.length
                + " bytes, not "
                + DataKey.BYTES);
      }
      if (keys.put(id, secret) != null) {
        throw new IllegalArgumentException("SUGGESTIONS_MASTER_KEY names " + id + " twice");
      }
    }
    return new MasterKeys(keys, random);
  }

  /**
   * The master keys of {@code SUGGESTIONS_MASTER_KEY}, or of the file {@code
   * SUGGESTIONS_MASTER_KEY_FILE} names (a mounted secret); empty when neither is set.
   *
   * @throws IllegalArgumentException if the value or the file is unusable; the message never
   *     repeats the value
   */
  public static Optional<MasterKeys> fromEnvironment(Map<String, String> env, SecureRandom random) {
    String value = env.get("SUGGESTIONS_MASTER_KEY");
    String file = env.get("SUGGESTIONS_MASTER_KEY_FILE");
    if ((value == null || value.isBlank()) && file != null && !file.isBlank()) {
      try {
        value = Files.readString(Path.of(file));
      } catch (IOException | InvalidPathException e) {
        throw new IllegalArgumentException(
            "SUGGESTIONS_MASTER_KEY_FILE " + file + " can not be read: " + e.getClass().getName());
      }
    }
    return value == null || value.isBlank() ? Optional.empty() : Optional.of(parse(value, random));
  }

  /** A new master key value, {@code <id>:<base64 of 32 random bytes>}, for a first start. */
  public static String generate(String id, SecureRandom random) {
    byte[] secret = new byte[DataKey.BYTES];
    random.nextBytes(secret);
    return id + ":" + Base64.getEncoder().encodeToString(secret);
  }

  /** The id of the key that wraps new data keys. */
  public String currentId() {
    return current;
  }

  /** {@code key}'s secret wrapped by the current master key, bound to {@code key}'s id. */
  public byte[] wrap(DataKey key) {
    byte[] nonce = new byte[NONCE_BYTES];
    random.nextBytes(nonce);
    try {
      byte[] sealed = gcm(Cipher.ENCRYPT_MODE, current, nonce, key.id()).doFinal(key.secret());
      byte[] id = current.getBytes(StandardCharsets.US_ASCII);
      return ByteBuffer.allocate(1 + id.length + NONCE_BYTES + sealed.length)
          .put((byte) id.length)
          .put(id)
          .put(nonce)
          .put(sealed)
          .array();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM is part of every JDK", e);
    }
  }

  /**
   * The data key {@code keyId} from {@code wrapped}.
   *
   * @throws FieldCipher.Unopenable if the master key it names is not here, or it was changed
   */
  public DataKey unwrap(String keyId, byte[] wrapped) throws FieldCipher.Unopenable {
    try {
      int idLength = wrapped[0];
      String master = new String(wrapped, 1, idLength, StandardCharsets.US_ASCII);
      if (!keys.containsKey(master)) {
        throw new FieldCipher.Unopenable(
            "wrapped by master key " + master + ", which is not configured");
      }
      int at = 1 + idLength;
      byte[] nonce = Arrays.copyOfRange(wrapped, at, at + NONCE_BYTES);
      byte[] secret =
          gcm(Cipher.DECRYPT_MODE, master, nonce, keyId)
              .doFinal(wrapped, at + NONCE_BYTES, wrapped.length - at - NONCE_BYTES);
      return new DataKey(keyId, secret);
    } catch (AEADBadTagException e) {
      throw new FieldCipher.Unopenable(FieldCipher.Unopenable.TAMPERED);
    } catch (IndexOutOfBoundsException | NegativeArraySizeException | IllegalArgumentException e) {
      throw new FieldCipher.Unopenable(FieldCipher.Unopenable.MALFORMED);
    } catch (GeneralSecurityException e) {
      throw new FieldCipher.Unopenable(FieldCipher.Unopenable.MALFORMED);
    }
  }

  private Cipher gcm(int mode, String master, byte[] nonce, String keyId)
      throws GeneralSecurityException {
    Cipher gcm = Cipher.getInstance("AES/GCM/NoPadding");
    gcm.init(
        mode, new SecretKeySpec(keys.get(master), "AES"), new GCMParameterSpec(TAG_BITS, nonce));
    gcm.updateAAD(keyId.getBytes(StandardCharsets.UTF_8));
    return gcm;
  }

  @Override
  public String toString() {
    return "MasterKeys[current " + current + ", " + keys.size() + " in all]";
  }
}
