package io.cpchain.crypto.sign;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cpchain.crypto.CryptoFormatException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The native backends (libsecp256k1, libsodium) and the Bouncy Castle fallback accept and reject the
 * same signatures and recover the same signers, over valid vectors and every edge the rules name.
 */
class SignatureBackendsTest {

  private static final HexFormat HEX = HexFormat.of();
  private static final Secp256k1Recovery NATIVE_SECP256K1 = new NativeSecp256k1Recovery();
  private static final Ed25519Verification NATIVE_ED25519 = new NativeEd25519Verification();

  @Test
  void theNativeLibrariesLoadHereAndAreTheOnesInUse() {
    assertEquals("libsecp256k1", Secp256k1Recovery.active().name());
    assertEquals("libsodium", Ed25519Verification.active().name());
  }

  @Test
  void aLibraryThatCannotLoadFallsBackToBouncyCastle() {
    Secp256k1Recovery chosen = NativeSignatures.load("libsecp256k1", () -> {
      throw new UnsatisfiedLinkError("no libsecp256k1-jni in java.library.path");
    }, Secp256k1Recovery.BOUNCY_CASTLE);
    assertSame(Secp256k1Recovery.BOUNCY_CASTLE, chosen);
  }

  // ---- secp256k1 --------------------------------------------------------------------------------

  /** A 65-byte r || s || v from its parts (each scalar below 2^256). */
  private static byte[] rsv(BigInteger r, BigInteger s, int v) {
    byte[] out = new byte[65];
    System.arraycopy(Secp256k1.toBytes32(r), 0, out, 0, 32);
    System.arraycopy(Secp256k1.toBytes32(s), 0, out, 32, 32);
    out[64] = (byte) v;
    return out;
  }

  /** The address recovered through {@code backend}, or "reject" (parse or recovery refused). */
  private static String outcome(byte[] rsv, byte[] message, Secp256k1Recovery backend) {
    RecoverableSignature signature;
    try {
      signature = RecoverableSignature.fromBytes(rsv);
    } catch (CryptoFormatException malformed) {
      return "reject";
    }
    try {
      return signature.recover(message, backend).address().toHex();
    } catch (java.security.GeneralSecurityException noKey) {
      return "reject";
    }
  }

  private static List<byte[]> secp256k1Vectors(byte[] message) throws CryptoFormatException {
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
  private static BigInteger nonCoordinate() {
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

  @Test
  void secp256k1BackendsAcceptRejectAndRecoverAlike() throws Exception {
    byte[] message = "Satoshi Nakamoto".getBytes(StandardCharsets.US_ASCII);
    byte[] wrongMessage = "Satoshi Nakamoto.".getBytes(StandardCharsets.US_ASCII);
    String keyOne = AccountPrivateKey.fromBytes(Secp256k1.toBytes32(BigInteger.ONE)).publicKey().address().toHex();
    List<byte[]> vectors = secp256k1Vectors(message);
    int accepted = 0;
    for (byte[] vector : vectors) {
      for (byte[] m : new byte[][] {message, wrongMessage}) {
        String bc = outcome(vector, m, Secp256k1Recovery.BOUNCY_CASTLE);
        assertEquals(bc, outcome(vector, m, NATIVE_SECP256K1), "vector " + HEX.formatHex(vector));
        accepted += bc.equals("reject") ? 0 : 1;
      }
    }
    assertEquals(keyOne, outcome(vectors.get(0), message, NATIVE_SECP256K1), "the valid vector recovers key 1");
    assertFalse(keyOne.equals(outcome(vectors.get(0), wrongMessage, NATIVE_SECP256K1)), "wrong message");
    for (int rejected : new int[] {2, 3, 4, 5, 6, 7, 8, 10, 11, 12, 13, 14, 15, 16}) {
      assertEquals("reject", outcome(vectors.get(rejected), message, NATIVE_SECP256K1), "vector " + rejected);
    }
    assertTrue(accepted > 20, "most in-range vectors recover some key: " + accepted);
  }

  @Test
  void bothBackendsRecoverTheSameKeyEvenFromAHighSTheParserRefuses() throws Exception {
    // The low-s rule is the parser's; the recovery arithmetic of both backends agrees beneath it.
    AccountPrivateKey key = AccountPrivateKey.generate();
    byte[] digest = Keccak.keccak256("tx".getBytes(StandardCharsets.US_ASCII));
    RecoverableSignature low = key.signDigest(digest);
    RecoverableSignature high = new RecoverableSignature(low.r(), Secp256k1.N.subtract(low.s()), 1 - low.v());
    assertEquals(key.publicKey(), Secp256k1Recovery.BOUNCY_CASTLE.recover(high, digest));
    assertEquals(key.publicKey(), NATIVE_SECP256K1.recover(high, digest));
  }

  @Test
  void verifyAgreesAcrossBackends() throws Exception {
    for (int i = 0; i < 20; i++) {
      AccountPrivateKey key = AccountPrivateKey.generate();
      byte[] message = ("tx " + i).getBytes(StandardCharsets.US_ASCII);
      RecoverableSignature signature = key.sign(message);
      for (Secp256k1Recovery backend : List.of(Secp256k1Recovery.BOUNCY_CASTLE, NATIVE_SECP256K1)) {
        assertTrue(key.publicKey().verify(message, signature, backend), backend.name());
        assertFalse(key.publicKey().verify(Arrays.copyOf(message, message.length + 1), signature, backend));
        assertFalse(AccountPrivateKey.generate().publicKey().verify(message, signature, backend));
      }
    }
  }

  // ---- Ed25519 ----------------------------------------------------------------------------------

  /** The verdict through {@code backend}: a key that does not parse is a rejection. */
  private static boolean ed25519Accepts(String publicKey, byte[] message, byte[] signature,
      Ed25519Verification backend) {
    Ed25519PublicKey key;
    try {
      key = Ed25519PublicKey.fromBytes(HEX.parseHex(publicKey));
    } catch (CryptoFormatException invalidKey) {
      return false;
    }
    return key.verify(message, 0, message.length, signature, backend);
  }

  private static void assertBothBackends(boolean expected, String publicKey, byte[] message, byte[] signature) {
    assertEquals(expected, ed25519Accepts(publicKey, message, signature, Ed25519Verification.BOUNCY_CASTLE),
        "bouncy castle");
    assertEquals(expected, ed25519Accepts(publicKey, message, signature, NATIVE_ED25519), "libsodium");
  }

  /** RFC 8032 section 7.1, TEST 1 to 3 and TEST 1024 is left to Ed25519Test; these three, both ways. */
  @ParameterizedTest
  @CsvSource({
      "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a,,"
          + "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b",
      "3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c,72,"
          + "92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00",
      "fc51cd8e6218a1a38da47ed00230f0580816ed13ba3303ac5deb911548908025,af82,"
          + "6291d657deec24024827e69c3abe01a30ce548a284743a445e3680d7db5ac3ac18ff9b538d16f290ae67f760984dc6594a7c15e9716ed28dc027beceea1ec40a"
  })
  void rfc8032VectorsVerifyBothWaysAndNotForAnotherMessage(String publicKey, String message, String signature) {
    byte[] msg = message == null ? new byte[0] : HEX.parseHex(message);
    assertBothBackends(true, publicKey, msg, HEX.parseHex(signature));
    assertBothBackends(false, publicKey, Arrays.copyOf(msg, msg.length + 1), HEX.parseHex(signature));
  }

  /**
   * The edge cases of "Taming the many EdDSAs" (Chalkias, Garillot, Nikolaenko; SSR 2020), from its
   * ed25519-speccheck cases.json, numbered as there. Every key there has a small-order component
   * (refused when parsed, as before) or the signature breaks the rule, so none is a signature here.
   */
  @ParameterizedTest(name = "case {0}")
  @CsvSource({
      "0,false,c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac03fa,8c93255d71dcab10e8f379c26200f3c7bd5f09d9bc3068d3ef4edeb4853022b6,c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a0000000000000000000000000000000000000000000000000000000000000000",
      "1,false,c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac03fa,9bd9f44f4dcc75bd531b56b2cd280b0bb38fc1cd6d1230e14861d861de092e79,f7badec5b8abeaf699583992219b7b223f1df3fbbea919844e3f7c554a43dd43a5bb704786be79fc476f91d3f3f89b03984d8068dcf1bb7dfc6637b45450ac04",
      "2,false,f7badec5b8abeaf699583992219b7b223f1df3fbbea919844e3f7c554a43dd43,aebf3f2601a0c8c5d39cc7d8911642f740b78168218da8471772b35f9d35b9ab,c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac03fa8c4bd45aecaca5b24fb97bc10ac27ac8751a7dfe1baff8b953ec9f5833ca260e",
      "3,false,cdb267ce40c5cd45306fa5d2f29731459387dbf9eb933b7bd5aed9a765b88d4d,9bd9f44f4dcc75bd531b56b2cd280b0bb38fc1cd6d1230e14861d861de092e79,9046a64750444938de19f227bb80485e92b83fdb4b6506c160484c016cc1852f87909e14428a7a1d62e9f22f3d3ad7802db02eb2e688b6c52fcd6648a98bd009",
      "4,false,cdb267ce40c5cd45306fa5d2f29731459387dbf9eb933b7bd5aed9a765b88d4d,e47d62c63f830dc7a6851a0b1f33ae4bb2f507fb6cffec4011eaccd55b53f56c,160a1cb0dc9c0258cd0a7d23e94d8fa878bcb1925f2c64246b2dee1796bed5125ec6bc982a269b723e0668e540911a9a6a58921d6925e434ab10aa7940551a09",
      "5,false,cdb267ce40c5cd45306fa5d2f29731459387dbf9eb933b7bd5aed9a765b88d4d,e47d62c63f830dc7a6851a0b1f33ae4bb2f507fb6cffec4011eaccd55b53f56c,21122a84e0b5fca4052f5b1235c80a537878b38f3142356b2c2384ebad4668b7e40bc836dac0f71076f9abe3a53f9c03c1ceeeddb658d0030494ace586687405",
      "6,false,442aad9f089ad9e14647b1ef9099a1ff4798d78589e66f28eca69c11f582a623,85e241a07d148b41e47d62c63f830dc7a6851a0b1f33ae4bb2f507fb6cffec40,e96f66be976d82e60150baecff9906684aebb1ef181f67a7189ac78ea23b6c0e547f7690a0e2ddcd04d87dbc3490dc19b3b3052f7ff0538cb68afb369ba3a514",
      "7,false,442aad9f089ad9e14647b1ef9099a1ff4798d78589e66f28eca69c11f582a623,85e241a07d148b41e47d62c63f830dc7a6851a0b1f33ae4bb2f507fb6cffec40,8ce5b96c8f26d0ab6c47958c9e68b937104cd36e13c33566acd2fe8d38aa19427e71f98a473474f2f13f06f97c20d58cc3f54b8bd0d272f42b695dd7e89a8c22",
      "8,false,f7badec5b8abeaf699583992219b7b223f1df3fbbea919844e3f7c554a43dd43,fdaebc429f4a735932a160da1301080c13280eea8bc280d1b392c6b9e6ba3a5a,edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f454d370c8d9fc323a41450f8d513eafeb5b0697390c1e505a0d4ddc71f566607",
      "9,false,f7badec5b8abeaf699583992219b7b223f1df3fbbea919844e3f7c554a43dd43,84b698d39be126ff55fe45079e6c8bf64a0d7db6994560b4e96b7021eb39c1a1,edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f084d5b99c2a9463d9c8bd5026916996984eeec87ddf1d3be329006ace1b37b09"
  })
  void speccheckEdgeCasesAreJudgedAlike(int index, boolean expected, String publicKey, String message, String signature) {
    assertBothBackends(expected, publicKey, HEX.parseHex(message), HEX.parseHex(signature));
  }

  @Test
  void nonCanonicalSSmallOrderROrAAndWrongLengthsAreRejectedBothWays() {
    Ed25519PrivateKey key = Ed25519PrivateKey.generate();
    String publicKey = HEX.formatHex(key.publicKey().toBytes());
    byte[] message = "frame".getBytes(StandardCharsets.US_ASCII);
    byte[] signature = key.sign(message);
    assertBothBackends(true, publicKey, message, signature);

    // S + L: the same scalar mod L, not its canonical form.
    BigInteger order = BigInteger.TWO.pow(252).add(new BigInteger("27742317777372353535851937790883648493"));
    byte[] sLittle = Arrays.copyOfRange(signature, 32, 64);
    BigInteger sPlusL = new BigInteger(1, reverse(sLittle)).add(order);
    byte[] nonCanonicalS = signature.clone();
    System.arraycopy(reverse(Secp256k1.toBytes32(sPlusL)), 0, nonCanonicalS, 32, 32);
    assertBothBackends(false, publicKey, message, nonCanonicalS);

    // R the identity (canonical and with the sign bit set), R of order 2 and 4 (y = -1, y = 0).
    for (String smallOrder : new String[] {
        "0100000000000000000000000000000000000000000000000000000000000000",
        "0100000000000000000000000000000000000000000000000000000000000080",
        "ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
        "0000000000000000000000000000000000000000000000000000000000000000",
        "c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a"}) {
      byte[] forged = signature.clone();
      System.arraycopy(HEX.parseHex(smallOrder), 0, forged, 0, 32);
      assertBothBackends(false, publicKey, message, forged);
      // ... and as the key: refused when parsed, so by either backend.
      assertBothBackends(false, smallOrder, message, signature);
    }
    // R = the key itself with S = 0 and such: a valid point but not this signature.
    byte[] keyAsR = signature.clone();
    System.arraycopy(key.publicKey().toBytes(), 0, keyAsR, 0, 32);
    assertBothBackends(false, publicKey, message, keyAsR);

    assertBothBackends(false, publicKey, message, Arrays.copyOf(signature, 63));
    assertBothBackends(false, publicKey, message, Arrays.copyOf(signature, 65));
    assertBothBackends(false, publicKey.substring(2), message, signature);
  }

  private static final BigInteger P = BigInteger.TWO.pow(255).subtract(BigInteger.valueOf(19));
  private static final BigInteger L =
      BigInteger.TWO.pow(252).add(new BigInteger("27742317777372353535851937790883648493"));

  /** The clamped secret scalar RFC 8032 5.1.5 derives from a seed, reduced mod L. */
  private static BigInteger secretScalar(byte[] seed) throws Exception {
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
   */
  @Test
  void anROfMixedOrderIsRejectedBothWays() throws Exception {
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

    // The vector is what it claims: Bouncy Castle's cofactored check alone (the code before) accepts it.
    assertTrue(org.bouncycastle.math.ec.rfc8032.Ed25519.verify(signature, 0, publicKey, 0, message, 0, message.length));
    assertBothBackends(false, HEX.formatHex(publicKey), message, signature);
  }

  @Test
  void aSliceVerifiesBothWays() {
    Ed25519PrivateKey key = Ed25519PrivateKey.generate();
    byte[] buffer = "header|signed part|trailer".getBytes(StandardCharsets.US_ASCII);
    byte[] signature = key.sign(Arrays.copyOfRange(buffer, 7, 18));
    for (Ed25519Verification backend : List.of(Ed25519Verification.BOUNCY_CASTLE, NATIVE_ED25519)) {
      assertTrue(key.publicKey().verify(buffer, 7, 11, signature, backend), backend.name());
      assertFalse(key.publicKey().verify(buffer, 7, 12, signature, backend), backend.name());
    }
  }

  private static byte[] reverse(byte[] bytes) {
    byte[] out = new byte[bytes.length];
    for (int i = 0; i < bytes.length; i++) {
      out[i] = bytes[bytes.length - 1 - i];
    }
    return out;
  }
}
