package io.cpchain.crypto.sign;

import io.cpchain.crypto.CryptoFormatException;
import java.security.SecureRandom;
import org.bouncycastle.math.ec.rfc8032.Ed25519;

/** An Ed25519 signing key (RFC 8032, pure Ed25519). Opaque: its seed never appears in {@code toString}. */
public final class Ed25519PrivateKey {

  private static final SecureRandom RANDOM = new SecureRandom();

  private final byte[] seed;
  private final Ed25519PublicKey publicKey;

  private Ed25519PrivateKey(byte[] seed) {
    this.seed = seed;
    byte[] encodedPublic = new byte[Ed25519.PUBLIC_KEY_SIZE];
    Ed25519.generatePublicKey(seed, 0, encodedPublic, 0);
    try {
      this.publicKey = Ed25519PublicKey.fromBytes(encodedPublic);
    } catch (CryptoFormatException e) {
      throw new IllegalStateException("RFC 8032 derived an invalid public key", e);
    }
  }

  public static Ed25519PrivateKey generate() {
    byte[] seed = new byte[Ed25519.SECRET_KEY_SIZE];
    RANDOM.nextBytes(seed);
    return new Ed25519PrivateKey(seed);
  }

  /** The key of a 32-byte RFC 8032 private key (seed). */
  public static Ed25519PrivateKey fromSeed(byte[] seed) throws CryptoFormatException {
    if (seed == null || seed.length != Ed25519.SECRET_KEY_SIZE) {
      throw new CryptoFormatException("an Ed25519 private key is " + Ed25519.SECRET_KEY_SIZE + " bytes");
    }
    return new Ed25519PrivateKey(seed.clone());
  }

  public Ed25519PublicKey publicKey() {
    return publicKey;
  }

  public byte[] sign(byte[] message) {
    return sign(message, 0, message.length);
  }

  public byte[] sign(byte[] message, int offset, int length) {
    byte[] signature = new byte[Ed25519.SIGNATURE_SIZE];
    Ed25519.sign(seed, 0, publicKey.toBytes(), 0, message, offset, length, signature, 0);
    return signature;
  }

  /** The 32-byte seed, for key storage only. */
  public byte[] seedBytes(SecretAccess access) {
    if (access == null) {
      throw new NullPointerException("secret access token required");
    }
    return seed.clone();
  }

  @Override
  public String toString() {
    return "Ed25519PrivateKey(" + publicKey.keyId() + ")";
  }
}
