package io.cpchain.crypto.pre;

import io.cpchain.crypto.CryptoFormatException;
import java.nio.ByteBuffer;
import java.util.HexFormat;
import org.bouncycastle.math.ec.ECPoint;

/** An Umbral public key: a point of secp256k1, 33 bytes compressed. */
public final class UmbralPublicKey {

  private final ECPoint point;

  UmbralPublicKey(ECPoint point) {
    this.point = point.normalize();
  }

  public static UmbralPublicKey fromBytes(byte[] compressed) throws CryptoFormatException {
    if (compressed == null || compressed.length != Curve.POINT_SIZE) {
      throw new CryptoFormatException("an Umbral public key is 33 bytes (compressed point)");
    }
    return new UmbralPublicKey(Curve.decodePoint(ByteBuffer.wrap(compressed), "public key"));
  }

  public byte[] toBytes() {
    return Curve.encode(point);
  }

  ECPoint point() {
    return point;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof UmbralPublicKey key && point.equals(key.point);
  }

  @Override
  public int hashCode() {
    return java.util.Arrays.hashCode(toBytes());
  }

  @Override
  public String toString() {
    return "UmbralPublicKey(" + HexFormat.of().formatHex(toBytes(), 0, 8) + ")";
  }
}
