package io.cpchain.crypto.pre;

import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import javax.crypto.AEADBadTagException;
import org.bouncycastle.crypto.InvalidCipherTextException;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.generators.HKDFBytesGenerator;
import org.bouncycastle.crypto.modes.XChaCha20Poly1305;
import org.bouncycastle.crypto.params.AEADParameters;
import org.bouncycastle.crypto.params.HKDFParameters;
import org.bouncycastle.crypto.params.KeyParameter;

/**
 * The reference's data encapsulation: key = HKDF-SHA256(key seed, no salt, no info), then
 * XChaCha20-Poly1305 with a random 24-byte nonce, output {@code nonce || ciphertext || tag}, the
 * capsule's simple bytes as associated data. Used for interop with the reference's encrypt/decrypt;
 * the pipeline encrypts intervals with {@link io.cpchain.crypto.aead.IntervalCipher} instead.
 */
final class UmbralDem {

  private static final int NONCE_SIZE = 24;
  private static final int TAG_SIZE = 16;
  private static final SecureRandom RANDOM = new SecureRandom();

  private UmbralDem() {}

  static byte[] encrypt(byte[] keySeed, byte[] plaintext, byte[] associatedData) {
    byte[] nonce = new byte[NONCE_SIZE];
    RANDOM.nextBytes(nonce);
    XChaCha20Poly1305 cipher = cipher(true, keySeed, nonce, associatedData);
    byte[] out = Arrays.copyOf(nonce, NONCE_SIZE + cipher.getOutputSize(plaintext.length));
    int written = cipher.processBytes(plaintext, 0, plaintext.length, out, NONCE_SIZE);
    try {
      cipher.doFinal(out, NONCE_SIZE + written);
    } catch (InvalidCipherTextException e) {
      throw new IllegalStateException("encryption cannot fail authentication", e);
    }
    return out;
  }

  static byte[] decrypt(byte[] keySeed, byte[] ciphertext, byte[] associatedData) throws GeneralSecurityException {
    if (ciphertext.length < NONCE_SIZE + TAG_SIZE) {
      throw new AEADBadTagException("ciphertext shorter than its nonce and tag");
    }
    XChaCha20Poly1305 cipher = cipher(false, keySeed, Arrays.copyOf(ciphertext, NONCE_SIZE), associatedData);
    byte[] out = new byte[cipher.getOutputSize(ciphertext.length - NONCE_SIZE)];
    int written = cipher.processBytes(ciphertext, NONCE_SIZE, ciphertext.length - NONCE_SIZE, out, 0);
    try {
      cipher.doFinal(out, written);
    } catch (InvalidCipherTextException e) {
      throw new AEADBadTagException("ciphertext does not authenticate under this capsule's key");
    }
    return out;
  }

  private static XChaCha20Poly1305 cipher(boolean encrypt, byte[] keySeed, byte[] nonce, byte[] associatedData) {
    HKDFBytesGenerator hkdf = new HKDFBytesGenerator(new SHA256Digest());
    hkdf.init(new HKDFParameters(keySeed, null, null));
    byte[] key = new byte[32];
    hkdf.generateBytes(key, 0, key.length);
    XChaCha20Poly1305 cipher = new XChaCha20Poly1305();
    cipher.init(encrypt, new AEADParameters(new KeyParameter(key), TAG_SIZE * 8, nonce, associatedData));
    Arrays.fill(key, (byte) 0);
    return cipher;
  }
}
