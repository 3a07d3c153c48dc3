package io.cpchain.crypto.pre;

import io.cpchain.crypto.CryptoFormatException;
import io.cpchain.crypto.sign.SecretAccess;
import java.math.BigInteger;
import java.nio.ByteBuffer;

/** An Umbral secret key: a non-zero scalar of secp256k1. Opaque: never printed. */
public final class UmbralSecretKey {

  private final BigInteger scalar;
  private final UmbralPublicKey publicKey;

  /** {@code scalar} in 1..n-1. */
  UmbralSecretKey(BigInteger scalar) {
    this.scalar = scalar;
    this.publicKey = new UmbralPublicKey(Curve.mulG(scalar));
  }

  public static UmbralSecretKey generate() {
    return new UmbralSecretKey(Curve.randomNonZeroScalar());
  }

  /** From 32 big-endian bytes in 1..n-1 (the reference's {@code SecretKey.fromBEBytes}). */
  public static UmbralSecretKey fromBytes(byte[] bytes) throws CryptoFormatException {
    if (bytes == null || bytes.length != Curve.SCALAR_SIZE) {
      throw new CryptoFormatException("an Umbral secret key is 32 bytes");
    }
    BigInteger scalar = Curve.decodeScalar(ByteBuffer.wrap(bytes), "secret key");
    if (scalar.signum() == 0) {
      throw new CryptoFormatException("an Umbral secret key cannot be zero");
    }
    return new UmbralSecretKey(scalar);
  }

  public UmbralPublicKey publicKey() {
    return publicKey;
  }

  public byte[] toBytes(SecretAccess access) {
    if (access == null) {
      throw new NullPointerException("secret access token required");
    }
    return Curve.encode(scalar);
  }

  BigInteger scalar() {
    return scalar;
  }

  @Override
  public String toString() {
    return "UmbralSecretKey(secret)";
  }
}
