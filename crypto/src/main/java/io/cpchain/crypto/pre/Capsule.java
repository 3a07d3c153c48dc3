package io.cpchain.crypto.pre;

import io.cpchain.crypto.CryptoFormatException;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import org.bouncycastle.math.ec.ECPoint;

/**
 * An encapsulated key: points E = rG and V = uG and s = u + r·H(E, V), the self-check that E and V
 * were made together. Public: it travels in the interval manifest. 98 bytes: E, V, s (the
 * reference's "simple" layout).
 */
public final class Capsule {

  public static final int SIZE = 2 * Curve.POINT_SIZE + Curve.SCALAR_SIZE;

  final ECPoint e;
  final ECPoint v;
  final BigInteger s;

  Capsule(ECPoint e, ECPoint v, BigInteger s) {
    this.e = e.normalize();
    this.v = v.normalize();
    this.s = s;
  }

  /** Parses and self-checks a capsule; a tampered one is rejected. */
  public static Capsule fromBytes(byte[] bytes) throws CryptoFormatException {
    if (bytes == null || bytes.length != SIZE) {
      throw new CryptoFormatException("a capsule is " + SIZE + " bytes");
    }
    ByteBuffer in = ByteBuffer.wrap(bytes);
    Capsule capsule = new Capsule(Curve.decodePoint(in, "capsule E"), Curve.decodePoint(in, "capsule V"),
        Curve.decodeScalar(in, "capsule signature"));
    if (!capsule.selfCheck()) {
      throw new CryptoFormatException("capsule self-check failed: E, V and s do not belong together");
    }
    return capsule;
  }

  public byte[] toBytes() {
    return ByteBuffer.allocate(SIZE).put(Curve.encode(e)).put(Curve.encode(v)).put(Curve.encode(s)).array();
  }

  /** sG == V + H(E, V)·E. */
  boolean selfCheck() {
    BigInteger h = pointsHash();
    return Curve.mulG(s).equals(v.add(e.multiply(h)).normalize());
  }

  BigInteger pointsHash() {
    return Curve.hashToScalar("CAPSULE_POINTS", Curve.encode(e), Curve.encode(v));
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Capsule c && e.equals(c.e) && v.equals(c.v) && s.equals(c.s);
  }

  @Override
  public int hashCode() {
    return s.hashCode();
  }
}
