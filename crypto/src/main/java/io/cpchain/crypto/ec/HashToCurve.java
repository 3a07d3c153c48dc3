package io.cpchain.crypto.ec;

import java.math.BigInteger;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.math.ec.ECCurve;
import org.bouncycastle.math.ec.ECPoint;

/**
 * RFC 9380 hashing to secp256k1, suite {@code secp256k1_XMD:SHA-256_SSWU_RO_}: expand_message_xmd
 * (5.3.1) with SHA-256, hash_to_field (5.2) with m = 1, L = 48, the simplified SWU map (6.6.2) onto
 * the 3-isogenous curve E' and the isogeny map of Appendix E.1 back to secp256k1, twice, added (h = 1).
 * Umbral derives its parameter point U this way. Arithmetic is BigInteger modulo p: this is used on
 * public inputs only, so it need not be constant time.
 */
public final class HashToCurve {

  private static final X9ECParameters SECP256K1 = CustomNamedCurves.getByName("secp256k1");
  private static final ECCurve CURVE = SECP256K1.getCurve();
  static final BigInteger P = CURVE.getField().getCharacteristic();

  /** E': y^2 = x^3 + A'x + B', 3-isogenous to secp256k1 (RFC 9380 8.7). */
  private static final BigInteger A_PRIME = hex("3f8731abdd661adca08a5558f0f5d272e953d363cb6f0e5d405447c01a444533");
  private static final BigInteger B_PRIME = BigInteger.valueOf(1771);
  private static final BigInteger Z = P.subtract(BigInteger.valueOf(11));

  /** Appendix E.1: x = x_num / x_den, y = y' * y_num / y_den; coefficients lowest degree first. */
  private static final BigInteger[] X_NUM = {
      hex("8e38e38e38e38e38e38e38e38e38e38e38e38e38e38e38e38e38e38daaaaa8c7"),
      hex("07d3d4c80bc321d5b9f315cea7fd44c5d595d2fc0bf63b92dfff1044f17c6581"),
      hex("534c328d23f234e6e2a413deca25caece4506144037c40314ecbd0b53d9dd262"),
      hex("8e38e38e38e38e38e38e38e38e38e38e38e38e38e38e38e38e38e38daaaaa88c")};
  private static final BigInteger[] X_DEN = {
      hex("d35771193d94918a9ca34ccbb7b640dd86cd409542f8487d9fe6b745781eb49b"),
      hex("edadc6f64383dc1df7c4b2d51b54225406d36b641f5e41bbc52a56612a8c6d14"),
      BigInteger.ONE};
  private static final BigInteger[] Y_NUM = {
      hex("4bda12f684bda12f684bda12f684bda12f684bda12f684bda12f684b8e38e23c"),
      hex("c75e0c32d5cb7c0fa9d0a54b12a0a6d5647ab046d686da6fdffc90fc201d71a3"),
      hex("29a6194691f91a73715209ef6512e576722830a201be2018a765e85a9ecee931"),
      hex("2f684bda12f684bda12f684bda12f684bda12f684bda12f684bda12f38e38d84")};
  private static final BigInteger[] Y_DEN = {
      hex("fffffffffffffffffffffffffffffffffffffffffffffffffffffffefffff93b"),
      hex("7a06534bb8bdb49fd5e9e6632722c2989467c1bfc8e8d978dfb425d2685c2573"),
      hex("6484aa716545ca2cf3a70c3fa8fe337e0a3d21162f0d6299a7bf8192bfd2a76f"),
      BigInteger.ONE};

  private static final int L = 48; // ceil((ceil(log2(p)) + k) / 8) with k = 128
  private static final int SHA256_BLOCK = 64;
  private static final int SHA256_OUT = 32;

  private HashToCurve() {}

  /** hash_to_curve(msg) with the domain separation tag {@code dst}. */
  public static ECPoint hashToCurve(byte[] message, byte[] dst) {
    BigInteger[] u = hashToField(message, dst, 2);
    return mapToCurve(u[0]).add(mapToCurve(u[1])).normalize();
  }

  /** hash_to_field(msg, count) for p, m = 1, L = 48. */
  static BigInteger[] hashToField(byte[] message, byte[] dst, int count) {
    byte[] uniform = expandMessageXmd(message, dst, count * L);
    BigInteger[] u = new BigInteger[count];
    for (int i = 0; i < count; i++) {
      byte[] tv = java.util.Arrays.copyOfRange(uniform, i * L, (i + 1) * L);
      u[i] = new BigInteger(1, tv).mod(P);
    }
    return u;
  }

  /** expand_message_xmd with SHA-256 (RFC 9380 5.3.1). */
  public static byte[] expandMessageXmd(byte[] message, byte[] dst, int lenInBytes) {
    if (dst.length > 255) {
      throw new IllegalArgumentException("a domain separation tag is at most 255 bytes");
    }
    int ell = (lenInBytes + SHA256_OUT - 1) / SHA256_OUT;
    if (ell > 255 || lenInBytes > 65535) {
      throw new IllegalArgumentException("expand_message_xmd cannot produce " + lenInBytes + " bytes");
    }
    byte[] dstPrime = new byte[dst.length + 1];
    System.arraycopy(dst, 0, dstPrime, 0, dst.length);
    dstPrime[dst.length] = (byte) dst.length;
    byte[] lenBytes = {(byte) (lenInBytes >> 8), (byte) lenInBytes};

    MessageDigest sha256 = sha256();
    sha256.update(new byte[SHA256_BLOCK]); // Z_pad
    sha256.update(message);
    sha256.update(lenBytes);
    sha256.update((byte) 0);
    sha256.update(dstPrime);
    byte[] b0 = sha256.digest();

    byte[] out = new byte[lenInBytes];
    sha256.update(b0);
    sha256.update((byte) 1);
    sha256.update(dstPrime);
    byte[] bi = sha256.digest();
    System.arraycopy(bi, 0, out, 0, Math.min(SHA256_OUT, lenInBytes));
    for (int i = 2; i <= ell; i++) {
      byte[] mixed = new byte[SHA256_OUT];
      for (int j = 0; j < SHA256_OUT; j++) {
        mixed[j] = (byte) (b0[j] ^ bi[j]);
      }
      sha256.update(mixed);
      sha256.update((byte) i);
      sha256.update(dstPrime);
      bi = sha256.digest();
      System.arraycopy(bi, 0, out, (i - 1) * SHA256_OUT, Math.min(SHA256_OUT, lenInBytes - (i - 1) * SHA256_OUT));
    }
    return out;
  }

  /** map_to_curve: simplified SWU onto E', then the 3-isogeny onto secp256k1. */
  static ECPoint mapToCurve(BigInteger u) {
    BigInteger[] onIsogenous = simplifiedSwu(u);
    return isogenyMap(onIsogenous[0], onIsogenous[1]);
  }

  /** RFC 9380 6.6.2, the straight-line steps; p = 3 mod 4, so sqrt(g) = g^((p+1)/4). */
  static BigInteger[] simplifiedSwu(BigInteger u) {
    BigInteger u2 = u.multiply(u).mod(P);
    BigInteger zu2 = Z.multiply(u2).mod(P);
    BigInteger tv1 = inv0(zu2.multiply(zu2).add(zu2).mod(P));
    BigInteger x1 = tv1.signum() == 0
        ? B_PRIME.multiply(Z.multiply(A_PRIME).modInverse(P)).mod(P)
        : B_PRIME.negate().multiply(A_PRIME.modInverse(P)).multiply(BigInteger.ONE.add(tv1)).mod(P);
    BigInteger gx1 = curveRhs(x1);
    BigInteger x;
    BigInteger y;
    if (isSquare(gx1)) {
      x = x1;
      y = sqrt(gx1);
    } else {
      x = zu2.multiply(x1).mod(P);
      y = sqrt(curveRhs(x));
    }
    if (sgn0(u) != sgn0(y)) {
      y = P.subtract(y).mod(P);
    }
    return new BigInteger[] {x, y};
  }

  private static ECPoint isogenyMap(BigInteger x, BigInteger y) {
    BigInteger xNum = polynomial(X_NUM, x);
    BigInteger xDen = polynomial(X_DEN, x);
    BigInteger yNum = polynomial(Y_NUM, x);
    BigInteger yDen = polynomial(Y_DEN, x);
    if (xDen.signum() == 0 || yDen.signum() == 0) {
      return CURVE.getInfinity(); // the exceptional case of Appendix E: maps to the identity
    }
    BigInteger mappedX = xNum.multiply(xDen.modInverse(P)).mod(P);
    BigInteger mappedY = y.multiply(yNum).multiply(yDen.modInverse(P)).mod(P);
    return CURVE.createPoint(mappedX, mappedY);
  }

  private static BigInteger polynomial(BigInteger[] lowestFirst, BigInteger x) {
    BigInteger result = BigInteger.ZERO;
    for (int i = lowestFirst.length - 1; i >= 0; i--) {
      result = result.multiply(x).add(lowestFirst[i]).mod(P);
    }
    return result;
  }

  private static BigInteger curveRhs(BigInteger x) {
    return x.multiply(x).multiply(x).add(A_PRIME.multiply(x)).add(B_PRIME).mod(P);
  }

  private static BigInteger inv0(BigInteger v) {
    return v.signum() == 0 ? BigInteger.ZERO : v.modInverse(P);
  }

  private static boolean isSquare(BigInteger v) {
    BigInteger legendre = v.modPow(P.subtract(BigInteger.ONE).shiftRight(1), P);
    return legendre.signum() == 0 || legendre.equals(BigInteger.ONE);
  }

  private static BigInteger sqrt(BigInteger v) {
    return v.modPow(P.add(BigInteger.ONE).shiftRight(2), P);
  }

  private static int sgn0(BigInteger v) {
    return v.testBit(0) ? 1 : 0;
  }

  private static BigInteger hex(String value) {
    return new BigInteger(value, 16);
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every Java platform", e);
    }
  }
}
