package io.cpchain.crypto.aead;

import io.cpchain.crypto.CryptoFormatException;
import io.cpchain.crypto.sign.SecretAccess;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.generators.HKDFBytesGenerator;
import org.bouncycastle.crypto.params.HKDFParameters;

/**
 * The symmetric key of one encryption interval: 32 bytes, fresh per interval (in the pipeline, the
 * key an Umbral capsule encapsulates). Opaque: it never prints its bytes.
 */
public final class IntervalKey {

  public static final int SIZE = 32;
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final byte[] KEY_SEED_INFO = "cpchain interval key v1".getBytes(StandardCharsets.US_ASCII);

  private final byte[] bytes;

  private IntervalKey(byte[] bytes) {
    this.bytes = bytes;
  }

  public static IntervalKey generate() {
    byte[] bytes = new byte[SIZE];
    RANDOM.nextBytes(bytes);
    return new IntervalKey(bytes);
  }

  /**
   * The interval key an Umbral key seed stands for: HKDF-SHA256(seed, no salt, "cpchain interval key
   * v1"). The owner (decapsulating) and a grantee (with m cfrags) recover the same seed, so the same key.
   */
  public static IntervalKey fromKeySeed(byte[] keySeed) {
    HKDFBytesGenerator hkdf = new HKDFBytesGenerator(new SHA256Digest());
    hkdf.init(new HKDFParameters(keySeed, null, KEY_SEED_INFO));
    byte[] bytes = new byte[SIZE];
    hkdf.generateBytes(bytes, 0, SIZE);
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
