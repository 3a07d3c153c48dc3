package io.cpchain.crypto.seal;

import io.cpchain.crypto.CryptoFormatException;
import io.cpchain.crypto.sign.SecretAccess;
import java.security.SecureRandom;
import org.bouncycastle.crypto.AsymmetricCipherKeyPair;
import org.bouncycastle.crypto.params.X25519PrivateKeyParameters;

/**
 * A recipient's key for {@link SealedBox}: X25519 (RFC 7748), the KEM key of HPKE's
 * DHKEM(X25519, HKDF-SHA256). A proxy holds one, so kfrags reach it and rest on its disk sealed.
 * Opaque: never printed; {@link #toBytes(SecretAccess)} is the only way to the secret.
 */
public final class SealingKeyPair {

  public static final int SECRET_SIZE = X25519PrivateKeyParameters.KEY_SIZE;
  private static final SecureRandom RANDOM = new SecureRandom();

  private final X25519PrivateKeyParameters secret;
  private final SealingPublicKey publicKey;

  private SealingKeyPair(X25519PrivateKeyParameters secret) {
    this.secret = secret;
    this.publicKey = SealingPublicKey.of(secret.generatePublicKey());
  }

  public static SealingKeyPair generate() {
    return new SealingKeyPair(new X25519PrivateKeyParameters(RANDOM));
  }

  /** From the 32 secret bytes (RFC 7748 scalar; clamped when used, as X25519 does). */
  public static SealingKeyPair fromBytes(byte[] secret) throws CryptoFormatException {
    if (secret == null || secret.length != SECRET_SIZE) {
      throw new CryptoFormatException("a sealing secret key is " + SECRET_SIZE + " bytes (X25519)");
    }
    return new SealingKeyPair(new X25519PrivateKeyParameters(secret));
  }

  public SealingPublicKey publicKey() {
    return publicKey;
  }

  public byte[] toBytes(SecretAccess access) {
    if (access == null) {
      throw new NullPointerException("secret access token required");
    }
    return secret.getEncoded();
  }

  AsymmetricCipherKeyPair parameters() {
    return new AsymmetricCipherKeyPair(secret.generatePublicKey(), secret);
  }

  @Override
  public String toString() {
    return "SealingKeyPair(" + publicKey.keyId() + ", secret)";
  }
}
