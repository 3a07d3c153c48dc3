package io.cpchain.crypto.seal;

import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.util.Arrays;
import org.bouncycastle.crypto.InvalidCipherTextException;
import org.bouncycastle.crypto.hpke.HPKE;
import org.bouncycastle.crypto.hpke.HPKEContext;
import org.bouncycastle.crypto.hpke.HPKEContextWithEncapsulation;

/**
 * Public-key encryption of a message to one recipient: HPKE (RFC 9180) from Bouncy Castle, base mode,
 * DHKEM(X25519, HKDF-SHA256), HKDF-SHA256, ChaCha20-Poly1305, one message per context (sequence 0).
 * {@code info} binds the context the box is for (what it holds, for whom) into the key schedule;
 * {@code aad} is authenticated, not encrypted. Anyone can seal; only the recipient opens; base mode
 * does not say who sealed (sign the content for that).
 *
 * <p>Format: version (1 byte, = 1 for this suite) | enc (32 bytes, the ephemeral X25519 key) |
 * ciphertext with its 16-byte tag.
 */
public final class SealedBox {

  public static final byte VERSION = 1;
  /** Bytes a sealed box adds to its plaintext. */
  public static final int OVERHEAD = 1 + SealingPublicKey.SIZE + 16;
  private static final SecureRandom RANDOM = new SecureRandom();

  private SealedBox() {}

  public static byte[] seal(SealingPublicKey recipient, byte[] info, byte[] aad, byte[] plaintext) {
    byte[] ephemeralSeed = new byte[32];
    RANDOM.nextBytes(ephemeralSeed);
    return seal(recipient, info, aad, plaintext, ephemeralSeed);
  }

  /**
   * With the ephemeral key derived from {@code ephemeralSeed} (RFC 9180 DeriveKeyPair, which is how
   * its test vectors fix the sender's randomness); {@link #seal(SealingPublicKey, byte[], byte[], byte[])}
   * passes 32 fresh random bytes.
   */
  static byte[] seal(SealingPublicKey recipient, byte[] info, byte[] aad, byte[] plaintext, byte[] ephemeralSeed) {
    HPKE hpke = suite();
    try {
      HPKEContextWithEncapsulation context = hpke.setupBaseS(recipient.parameters(), info,
          hpke.deriveKeyPair(ephemeralSeed));
      byte[] enc = context.getEncapsulation();
      byte[] ciphertext = context.seal(aad, plaintext);
      return ByteBuffer.allocate(1 + enc.length + ciphertext.length).put(VERSION).put(enc).put(ciphertext).array();
    } catch (IllegalStateException e) {
      // X25519 refuses a low-order recipient key (an all-zero shared secret), as RFC 9180 7.1.4 requires
      throw new IllegalArgumentException("cannot seal to this key: it is not a usable X25519 public key", e);
    } catch (InvalidCipherTextException e) {
      throw new IllegalStateException("ChaCha20-Poly1305 refused to seal", e);
    }
  }

  public static byte[] open(SealingKeyPair recipient, byte[] info, byte[] aad, byte[] sealed) throws SealOpenException {
    if (sealed == null || sealed.length < OVERHEAD || sealed[0] != VERSION) {
      throw new SealOpenException("not a sealed box of version " + VERSION + " (too short or another version)");
    }
    byte[] enc = Arrays.copyOfRange(sealed, 1, 1 + SealingPublicKey.SIZE);
    HPKE hpke = suite();
    try {
      HPKEContext context = hpke.setupBaseR(enc, recipient.parameters(), info);
      return context.open(aad, sealed, 1 + enc.length, sealed.length - 1 - enc.length);
    } catch (IllegalStateException | IllegalArgumentException | InvalidCipherTextException e) {
      throw new SealOpenException("the sealed box does not open with this key, info and associated data");
    }
  }

  /** A fresh instance per call: Bouncy Castle's DHKEM keeps per-use state. */
  private static HPKE suite() {
    return new HPKE(HPKE.mode_base, HPKE.kem_X25519_SHA256, HPKE.kdf_HKDF_SHA256, HPKE.aead_CHACHA20_POLY1305);
  }
}
