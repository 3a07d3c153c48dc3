package io.cpchain.crypto.sign;

import io.cpchain.crypto.CryptoFormatException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/** Signature vectors both backend tests judge: fixed, so two JVMs build the same ones. */
final class SignatureVectors {

  private SignatureVectors() {}

  /** A 65-byte r || s || v from its parts (each scalar below 2^256). */
  static byte[] rsv(BigInteger r, BigInteger s, int v) {
    byte[] out = new byte[65];
    System.arraycopy(Secp256k1.toBytes32(r), 0, out, 0, 32);
    System.arraycopy(Secp256k1.toBytes32(s), 0, out, 32, 32);
    out[64] = (byte) v;
    return out;
  }

  static List<byte[]> secp256k1Vectors(byte[] message) throws CryptoFormatException {
    BigInteger n = Secp256k1.N;
    byte[] valid = AccountPrivateKey.fromBytes(Secp256k1.toBytes32(BigInteger.ONE)).sign(message).toBytes();
    BigInteger r = new BigInteger(1, Arrays.copyOfRange(valid, 0, 32));
    BigInteger s = new BigInteger(1, Arrays.copyOfRange(valid, 32, 64));
    int v = valid[64];
    List<byte[]> vectors = new ArrayList<>();
    vectors.add(valid);
    vectors.add(rsv(r, s, 1 - v)); // the other recovery id: another key
    vectors.add(rsv(r, n.subtract(s), 1 - v)); // high s: the malleable twin
    vectors.add(rsv(BigInteger.ZERO, s, v));
    vectors.add(rsv(r, BigInteger.ZERO, v));
    vectors.add(rsv(n, s, v));
    vectors.add(rsv(r, n, v));
    vectors.add(rsv(n.add(r).min(BigInteger.TWO.pow(256).subtract(BigInteger.ONE)), s, v));
    vectors.add(rsv(BigInteger.TWO.pow(256).subtract(BigInteger.ONE), s, v));
    vectors.add(rsv(r, Secp256k1.HALF_N, v)); // the largest low s
    vectors.add(rsv(r, Secp256k1.HALF_N.add(BigInteger.ONE), v)); // the smallest high s
    for (int badV : new int[] {2, 3, 27, 28, -1}) {
      vectors.add(rsv(r, s, badV));
    }
    vectors.add(rsv(nonCoordinate(), s, v)); // r in range but no curve point has it as x
    vectors.add(rsv(BigInteger.ONE, BigInteger.ONE, 0));
    vectors.add(rsv(n.subtract(BigInteger.ONE), Secp256k1.HALF_N, 1));
    Random random = new Random(19);
    for (int i = 0; i < 40; i++) { // arbitrary in-range r and s: either backend recovers the same key or none
      vectors.add(rsv(new BigInteger(256, random).mod(n), new BigInteger(255, random), i & 1));
    }
    return vectors;
  }

  /** The smallest x in 1..n-1 with x^3 + 7 not a square mod p. */
  static BigInteger nonCoordinate() {
    for (BigInteger x = BigInteger.TWO;; x = x.add(BigInteger.ONE)) {
      byte[] compressed = new byte[33];
      compressed[0] = 0x02;
      System.arraycopy(Secp256k1.toBytes32(x), 0, compressed, 1, 32);
      try {
        Secp256k1.CURVE.getCurve().decodePoint(compressed);
      } catch (IllegalArgumentException notOnCurve) {
        return x;
      }
    }
  }

  /** RFC 8032 section 7.1, TEST 1 to 3: public key, message, signature. */
  static final String[][] RFC8032 = {
      {"d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a", "",
          "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b"},
      {"3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c", "72",
          "92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00"},
      {"fc51cd8e6218a1a38da47ed00230f0580816ed13ba3303ac5deb911548908025", "af82",
          "6291d657deec24024827e69c3abe01a30ce548a284743a445e3680d7db5ac3ac18ff9b538d16f290ae67f760984dc6594a7c15e9716ed28dc027beceea1ec40a"}};

  static final BigInteger P = BigInteger.TWO.pow(255).subtract(BigInteger.valueOf(19));
  static final BigInteger L =
      BigInteger.TWO.pow(252).add(new BigInteger("27742317777372353535851937790883648493"));

  /** The clamped secret scalar RFC 8032 5.1.5 derives from a seed, reduced mod L. */
  static BigInteger secretScalar(byte[] seed) throws Exception {
    byte[] h = java.security.MessageDigest.getInstance("SHA-512").digest(seed);
    byte[] a = Arrays.copyOf(h, 32);
    a[0] &= (byte) 248;
    a[31] &= 127;
    a[31] |= 64;
    return new BigInteger(1, reverse(a)).mod(L);
  }

  /**
   * A signature whose R is r·B plus the point of order 2, (0, -1): {@code 8(SB - R - kA) = 0} holds
   * (the cofactored equation) but {@code SB = R + kA} does not. Adding (0, -1) negates both
   * coordinates, so the encoding is y' = p - y with the sign bit flipped: no curve arithmetic needed.
   * Public key, message and signature, from fixed seeds.
   */
  static byte[][] mixedOrderRSignature() throws Exception {
    byte[] seed = new byte[32];
    byte[] nonceSeed = new byte[32];
    new Random(8032).nextBytes(seed);
    new Random(8033).nextBytes(nonceSeed);
    Ed25519PrivateKey key = Ed25519PrivateKey.fromSeed(seed);
    byte[] publicKey = key.publicKey().toBytes();
    byte[] r0 = Ed25519PrivateKey.fromSeed(nonceSeed).publicKey().toBytes();
    byte[] yLittle = r0.clone();
    boolean sign = (yLittle[31] & 0x80) != 0;
    yLittle[31] &= 0x7f;
    byte[] mixedR = reverse(Secp256k1.toBytes32(P.subtract(new BigInteger(1, reverse(yLittle)))));
    mixedR[31] |= (byte) (sign ? 0 : 0x80);
    byte[] message = "frame".getBytes(StandardCharsets.US_ASCII);

    java.security.MessageDigest sha512 = java.security.MessageDigest.getInstance("SHA-512");
    sha512.update(mixedR);
    sha512.update(publicKey);
    BigInteger k = new BigInteger(1, reverse(sha512.digest(message))).mod(L);
    BigInteger s = secretScalar(nonceSeed).add(k.multiply(secretScalar(seed))).mod(L);
    byte[] signature = new byte[64];
    System.arraycopy(mixedR, 0, signature, 0, 32);
    System.arraycopy(reverse(Secp256k1.toBytes32(s)), 0, signature, 32, 32);
    return new byte[][] {publicKey, message, signature};
  }

  static byte[] reverse(byte[] bytes) {
    byte[] out = new byte[bytes.length];
    for (int i = 0; i < bytes.length; i++) {
      out[i] = bytes[bytes.length - 1 - i];
    }
    return out;
  }
}
