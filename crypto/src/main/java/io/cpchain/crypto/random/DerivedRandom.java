package io.cpchain.crypto.random;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.generators.HKDFBytesGenerator;
import org.bouncycastle.crypto.macs.HMac;
import org.bouncycastle.crypto.params.HKDFParameters;
import org.bouncycastle.crypto.prng.EntropySource;
import org.bouncycastle.crypto.prng.SP800SecureRandomBuilder;

/**
 * Randomness derived from a secret and a context, the idea of RFC 6979's deterministic nonces: the
 * same secret and context give the same stream, a different context an independent one, and without
 * the secret the stream is unpredictable. Bouncy Castle's HMAC-DRBG (NIST SP 800-90A) with SHA-256,
 * instantiated from HKDF-SHA256(secret, info = label || 0 || context) and the label as
 * personalisation string.
 *
 * <p>For work that must come out identical when it is done again (an interval re-encrypted after a
 * failure writes the same content-addressed chunks). The context must bind everything the random
 * values protect (for a key and nonces, the whole plaintext), so that different inputs never share
 * randomness.
 */
public final class DerivedRandom {

  private static final int SEED_SIZE = 32;
  private static final int SECURITY_STRENGTH_BITS = 256;

  private DerivedRandom() {}

  public static SecureRandom of(byte[] secret, String label, byte[] context) {
    if (secret == null || secret.length < SEED_SIZE) {
      throw new IllegalArgumentException("the secret must have at least " + SEED_SIZE + " bytes");
    }
    byte[] labelBytes = label.getBytes(StandardCharsets.UTF_8);
    byte[] info = new byte[labelBytes.length + 1 + context.length];
    System.arraycopy(labelBytes, 0, info, 0, labelBytes.length);
    System.arraycopy(context, 0, info, labelBytes.length + 1, context.length);
    HKDFBytesGenerator hkdf = new HKDFBytesGenerator(new SHA256Digest());
    hkdf.init(new HKDFParameters(secret, null, info));
    byte[] seed = new byte[SEED_SIZE];
    hkdf.generateBytes(seed, 0, seed.length);
    return new SP800SecureRandomBuilder(predictionResistant -> new FixedSeed(seed))
        .setPersonalizationString(labelBytes)
        .setSecurityStrength(SECURITY_STRENGTH_BITS)
        .setEntropyBitsRequired(SECURITY_STRENGTH_BITS)
        .buildHMAC(new HMac(new SHA256Digest()), new byte[0], false);
  }

  /** The DRBG asks for entropy once, at instantiation; it never reseeds within a stream this short. */
  private record FixedSeed(byte[] seed) implements EntropySource {
    @Override
    public boolean isPredictionResistant() {
      return false;
    }

    @Override
    public byte[] getEntropy() {
      return seed.clone();
    }

    @Override
    public int entropySize() {
      return seed.length * 8;
    }
  }
}
