package io.cpchain.crypto.seal;

import io.cpchain.crypto.CryptoFormatException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import org.bouncycastle.crypto.params.X25519PublicKeyParameters;

/** The public half of a {@link SealingKeyPair}: an X25519 key, 32 bytes (RFC 7748). */
public final class SealingPublicKey {

  public static final int SIZE = X25519PublicKeyParameters.KEY_SIZE;

  private final byte[] encoded;

  private SealingPublicKey(byte[] encoded) {
    this.encoded = encoded;
  }

  public static SealingPublicKey fromBytes(byte[] encoded) throws CryptoFormatException {
    if (encoded == null || encoded.length != SIZE) {
      throw new CryptoFormatException("a sealing public key is " + SIZE + " bytes (X25519)");
    }
    return new SealingPublicKey(encoded.clone());
  }

  static SealingPublicKey of(X25519PublicKeyParameters key) {
    return new SealingPublicKey(key.getEncoded());
  }

  X25519PublicKeyParameters parameters() {
    return new X25519PublicKeyParameters(encoded);
  }

  public byte[] toBytes() {
    return encoded.clone();
  }

  /** Lowercase hex of the first 8 bytes of SHA-256 of the key, as device keys are named. */
  public String keyId() {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(encoded), 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every Java platform", e);
    }
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof SealingPublicKey key && Arrays.equals(encoded, key.encoded);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(encoded);
  }

  @Override
  public String toString() {
    return "SealingPublicKey(" + keyId() + ")";
  }
}
