package io.cpchain.crypto.sign;

import java.math.BigInteger;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.math.ec.ECPoint;

/** The secp256k1 domain (SEC 2), from Bouncy Castle's constant-time custom curve. */
final class Secp256k1 {

  static final X9ECParameters CURVE = CustomNamedCurves.getByName("secp256k1");
  static final ECDomainParameters DOMAIN =
      new ECDomainParameters(CURVE.getCurve(), CURVE.getG(), CURVE.getN(), CURVE.getH());
  static final BigInteger N = CURVE.getN();
  static final BigInteger HALF_N = N.shiftRight(1);

  private Secp256k1() {}

  static ECPoint g() {
    return CURVE.getG();
  }

  /** Big-endian, left-padded to 32 bytes. */
  static byte[] toBytes32(BigInteger value) {
    byte[] raw = value.toByteArray();
    byte[] out = new byte[32];
    int copy = Math.min(raw.length, 32);
    System.arraycopy(raw, raw.length - copy, out, 32 - copy, copy);
    return out;
  }
}
