package io.cpchain.crypto.pre;

import io.cpchain.crypto.CryptoFormatException;
import io.cpchain.crypto.ec.HashToCurve;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.math.ec.ECPoint;
import org.bouncycastle.math.ec.FixedPointCombMultiplier;

/** secp256k1 as Umbral uses it: compressed points, 32-byte scalars, hashing to scalars and to the curve. */
final class Curve {

  static final X9ECParameters PARAMS = CustomNamedCurves.getByName("secp256k1");
  static final BigInteger N = PARAMS.getN();
  static final int POINT_SIZE = 33;
  static final int SCALAR_SIZE = 32;
  /** Umbral's second generator: hash_to_curve("POINT_U") with the tag "PARAMETERS" (RFC 9380). */
  static final ECPoint U = HashToCurve.hashToCurve(ascii("POINT_U"), ascii("PARAMETERS"));
  private static final SecureRandom RANDOM = new SecureRandom();

  private Curve() {}

  static ECPoint g() {
    return PARAMS.getG();
  }

  static ECPoint mulG(BigInteger k) {
    return new FixedPointCombMultiplier().multiply(g(), k).normalize();
  }

  static BigInteger randomNonZeroScalar() {
    return randomNonZeroScalar(RANDOM);
  }

  static BigInteger randomNonZeroScalar(SecureRandom random) {
    while (true) {
      BigInteger k = new BigInteger(256, random);
      if (k.signum() > 0 && k.compareTo(N) < 0) {
        return k;
      }
    }
  }

  static byte[] encode(ECPoint point) {
    return point.normalize().getEncoded(true);
  }

  /** A compressed point; the identity and points off the curve are rejected. */
  static ECPoint decodePoint(ByteBuffer in, String what) throws CryptoFormatException {
    byte[] bytes = take(in, POINT_SIZE, what);
    try {
      ECPoint point = PARAMS.getCurve().decodePoint(bytes);
      if (point.isInfinity() || !point.isValid()) {
        throw new CryptoFormatException(what + " is not a point of secp256k1");
      }
      return point.normalize();
    } catch (IllegalArgumentException e) {
      throw new CryptoFormatException(what + " is not a point of secp256k1");
    }
  }

  static byte[] encode(BigInteger scalar) {
    byte[] raw = scalar.toByteArray();
    byte[] out = new byte[SCALAR_SIZE];
    int copy = Math.min(raw.length, SCALAR_SIZE);
    System.arraycopy(raw, raw.length - copy, out, SCALAR_SIZE - copy, copy);
    return out;
  }

  /** A big-endian scalar below the group order. */
  static BigInteger decodeScalar(ByteBuffer in, String what) throws CryptoFormatException {
    BigInteger scalar = new BigInteger(1, take(in, SCALAR_SIZE, what));
    if (scalar.compareTo(N) >= 0) {
      throw new CryptoFormatException(what + " is not below the group order");
    }
    return scalar;
  }

  static byte[] take(ByteBuffer in, int size, String what) throws CryptoFormatException {
    if (in.remaining() < size) {
      throw new CryptoFormatException(what + " is truncated");
    }
    byte[] bytes = new byte[size];
    in.get(bytes);
    return bytes;
  }

  /**
   * Umbral's hash to a non-zero scalar: SHA-256 of the tag's length (4 bytes, big-endian), the tag
   * and the parts, reduced into 1..n-1 as {@code d mod (n - 1) + 1}.
   */
  static BigInteger hashToScalar(String dst, byte[]... parts) {
    MessageDigest sha256 = sha256();
    byte[] tag = ascii(dst);
    sha256.update(ByteBuffer.allocate(4).putInt(tag.length).array());
    sha256.update(tag);
    for (byte[] part : parts) {
      sha256.update(part);
    }
    return new BigInteger(1, sha256.digest()).mod(N.subtract(BigInteger.ONE)).add(BigInteger.ONE);
  }

  static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every Java platform", e);
    }
  }

  static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }
}
