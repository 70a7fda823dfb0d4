package gg.suggestions.eventstore.privacy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Seals one personal field with its member's {@link DataKey}: AES-256-GCM with a random 96-bit
 * nonce, the key id and the field's name bound in as associated data, so a ciphertext moved to
 * another field or put beside another key id does not open. A sealed value is text, {@code
 * enc:v1:<key id>:<base64url(nonce ‖ ciphertext ‖ tag)>}, so it fits any JSON string field, and
 * every reader of the log sees which key it needs without being able to read it.
 */
public final class FieldCipher {

  public static final String PREFIX = "enc:v1:";

  private static final int NONCE_BYTES = 12;
  private static final int TAG_BITS = 128;
  private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
  private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

  private final SecureRandom random;

  public FieldCipher(SecureRandom random) {
    this.random = random;
  }

  /** Why a sealed value did not open. */
  public static final class Unopenable extends Exception {

    /** The sealed value names another key than the one given. */
    public static final String WRONG_KEY = "sealed with another key";

    /** The value, its field or its key id were changed, or the key is not the one it names. */
    public static final String TAMPERED = "changed, or sealed with other key material";

    /** Not a sealed value of this format. */
    public static final String MALFORMED = "not a sealed value";

    private final String reason;

    Unopenable(String reason) {
      super(reason);
      this.reason = reason;
    }

    public String reason() {
      return reason;
    }
  }

  /** Whether {@code value} is a sealed value (it may still not open). */
  public static boolean isSealed(String value) {
    return value != null && value.startsWith(PREFIX);
  }

  /** The id of the key {@code sealed} needs. */
  public static String keyIdOf(String sealed) throws Unopenable {
    return parts(sealed)[0];
  }

  /** {@code plaintext} of {@code field}, sealed with {@code key}. */
  public String seal(DataKey key, String field, String plaintext) {
    byte[] nonce = new byte[NONCE_BYTES];
    random.nextBytes(nonce);
    try {
      Cipher gcm = gcm(Cipher.ENCRYPT_MODE, key, nonce, field);
      byte[] sealed = gcm.doFinal(plaintext.getBytes(StandardCharsets.UTF_8));
      byte[] all = ByteBuffer.allocate(nonce.length + sealed.length).put(nonce).put(sealed).array();
      return PREFIX + key.id() + ":" + ENCODER.encodeToString(all);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM is part of every JDK", e);
    }
  }

  /** The plaintext of {@code field} sealed in {@code sealed}, with {@code key}. */
  public String open(DataKey key, String field, String sealed) throws Unopenable {
    String[] parts = parts(sealed);
    if (!parts[0].equals(key.id())) {
      throw new Unopenable(Unopenable.WRONG_KEY);
    }
    byte[] all;
    try {
      all = DECODER.decode(parts[1]);
    } catch (IllegalArgumentException e) {
      throw new Unopenable(Unopenable.MALFORMED);
    }
    if (all.length < NONCE_BYTES + TAG_BITS / 8) {
      throw new Unopenable(Unopenable.MALFORMED);
    }
    try {
      Cipher gcm = gcm(Cipher.DECRYPT_MODE, key, java.util.Arrays.copyOf(all, NONCE_BYTES), field);
      byte[] plain = gcm.doFinal(all, NONCE_BYTES, all.length - NONCE_BYTES);
      return new String(plain, StandardCharsets.UTF_8);
    } catch (AEADBadTagException e) {
      throw new Unopenable(Unopenable.TAMPERED);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM is part of every JDK", e);
    }
  }

  private static Cipher gcm(int mode, DataKey key, byte[] nonce, String field)
      throws GeneralSecurityException {
    Cipher gcm = Cipher.getInstance("AES/GCM/NoPadding");
    gcm.init(mode, new SecretKeySpec(key.secret(), "AES"), new GCMParameterSpec(TAG_BITS, nonce));
    gcm.updateAAD((key.id() + "\0" + field).getBytes(StandardCharsets.UTF_8));
    return gcm;
  }

  private static String[] parts(String sealed) throws Unopenable {
    if (!isSealed(sealed)) {
      throw new Unopenable(Unopenable.MALFORMED);
    }
    String rest = sealed.substring(PREFIX.length());
    int colon = rest.indexOf(':');
    if (colon <= 0 || colon == rest.length() - 1) {
      throw new Unopenable(Unopenable.MALFORMED);
    }
    return new String[] {rest.substring(0, colon), rest.substring(colon + 1)};
  }
}
