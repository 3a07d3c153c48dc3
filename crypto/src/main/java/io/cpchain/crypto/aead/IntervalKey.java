package io.cpchain.crypto.aead;

import io.cpchain.crypto.CryptoFormatException;
import io.cpchain.crypto.sign.SecretAccess;
import java.security.SecureRandom;

/**
 * The symmetric key of one encryption interval: 32 bytes, fresh per interval (in the pipeline, the
 * key an Umbral capsule encapsulates). Opaque: it never prints its bytes.
 */
public final class IntervalKey {

  public static final int SIZE = 32;
  private static final SecureRandom RANDOM = new SecureRandom();

  private final byte[] bytes;

  private IntervalKey(byte[] bytes) {
    this.bytes = bytes;
  }

  public static IntervalKey generate() {
    byte[] bytes = new byte[SIZE];
    RANDOM.nextBytes(bytes);
    return new IntervalKey(bytes);
  }

  public static IntervalKey fromBytes(byte[] bytes) throws CryptoFormatException {
    if (bytes == null || bytes.length != SIZE) {
      throw new CryptoFormatException("an interval key is " + SIZE + " bytes");
    }
    return new IntervalKey(bytes.clone());
  }

  public byte[] toBytes(SecretAccess access) {
    if (access == null) {
      throw new NullPointerException("secret access token required");
    }
    return bytes.clone();
  }

  byte[] bytes() {
    return bytes;
  }

  @Override
  public String toString() {
    return "IntervalKey(secret)";
  }
}
