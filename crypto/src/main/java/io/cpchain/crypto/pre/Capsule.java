package io.cpchain.crypto.pre;

import io.cpchain.crypto.CryptoFormatException;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import org.bouncycastle.math.ec.ECPoint;

/**
 * An encapsulated key: points E = rG and V = uG and s = u + r·H(E, V), the self-check that E and V
 * were made together. Public: it travels in the interval manifest. Wire format: the reference's
 * {@code toBytes} (MessagePack [E, V, s], 105 bytes); {@link #toBytesSimple} is its 98-byte
 * concatenation, which the reference DEM authenticates.
 */
public final class Capsule {

  static final int SIMPLE_SIZE = 2 * Curve.POINT_SIZE + Curve.SCALAR_SIZE;

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
    MsgPack.Reader in = new MsgPack.Reader(bytes, "capsule");
    in.array(3);
    Capsule capsule = new Capsule(Curve.decodePoint(in.bin(Curve.POINT_SIZE), "capsule E"),
        Curve.decodePoint(in.bin(Curve.POINT_SIZE), "capsule V"),
        Curve.decodeScalar(in.bin(Curve.SCALAR_SIZE), "capsule signature"));
    in.end();
    if (!capsule.selfCheck()) {
      throw new CryptoFormatException("capsule self-check failed: E, V and s do not belong together");
    }
    return capsule;
  }

  public byte[] toBytes() {
    return new MsgPack.Writer().array(3).bin(Curve.encode(e)).bin(Curve.encode(v)).bin(Curve.encode(s)).bytes();
  }

  public byte[] toBytesSimple() {
    return ByteBuffer.allocate(SIMPLE_SIZE).put(Curve.encode(e)).put(Curve.encode(v)).put(Curve.encode(s)).array();
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
