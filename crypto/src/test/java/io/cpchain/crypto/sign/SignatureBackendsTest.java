package io.cpchain.crypto.sign;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cpchain.crypto.CryptoFormatException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The native backends (libsecp256k1, libsodium) and the Bouncy Castle fallback accept and reject the
 * same signatures and recover the same signers, over valid vectors and every edge the rules name.
 */
class SignatureBackendsTest {

  private static final HexFormat HEX = HexFormat.of();
  private static final Secp256k1Backend NATIVE_SECP256K1 = new NativeSecp256k1();
  private static final Ed25519Verification NATIVE_ED25519 = new NativeEd25519Verification();

  @Test
  void theNativeLibrariesLoadHereAndAreTheOnesInUse() {
    assertEquals("libsecp256k1", Secp256k1Backend.active().name());
    assertEquals("libsodium", Ed25519Verification.active().name());
  }

  @Test
  void aLibraryThatCannotLoadFallsBackToBouncyCastle() {
    Secp256k1Backend chosen = NativeSignatures.load("libsecp256k1", () -> {
      throw new UnsatisfiedLinkError("no libsecp256k1-jni in java.library.path");
    }, Secp256k1Backend.BOUNCY_CASTLE);
    assertSame(Secp256k1Backend.BOUNCY_CASTLE, chosen);
  }

  // ---- secp256k1 --------------------------------------------------------------------------------

  /** The address recovered through {@code backend}, or "reject" (parse or recovery refused). */
  private static String outcome(byte[] rsv, byte[] message, Secp256k1Backend backend) {
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

  @Test
  void secp256k1BackendsAcceptRejectAndRecoverAlike() throws Exception {
    byte[] message = "Satoshi Nakamoto".getBytes(StandardCharsets.US_ASCII);
    byte[] wrongMessage = "Satoshi Nakamoto.".getBytes(StandardCharsets.US_ASCII);
    String keyOne = AccountPrivateKey.fromBytes(Secp256k1.toBytes32(BigInteger.ONE)).publicKey().address().toHex();
    List<byte[]> vectors = SignatureVectors.secp256k1Vectors(message);
    int accepted = 0;
    for (byte[] vector : vectors) {
      for (byte[] m : new byte[][] {message, wrongMessage}) {
        String bc = outcome(vector, m, Secp256k1Backend.BOUNCY_CASTLE);
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
    assertEquals(key.publicKey(), Secp256k1Backend.BOUNCY_CASTLE.recover(high, digest));
    assertEquals(key.publicKey(), NATIVE_SECP256K1.recover(high, digest));
  }

  /** RFC 6979 nonces: both backends give the same signature, byte for byte, and each recovers to the signer. */
  @Test
  void bothBackendsSignAlike() throws Exception {
    AccountPrivateKey one = AccountPrivateKey.fromBytes(Secp256k1.toBytes32(BigInteger.ONE));
    byte[] satoshi = java.security.MessageDigest.getInstance("SHA-256")
        .digest("Satoshi Nakamoto".getBytes(StandardCharsets.US_ASCII));
    // The RFC 6979 vector bitcoin libraries use: key 1, SHA-256("Satoshi Nakamoto"), s made low.
    String expected = "934b1ea10a4b3c1757e2b0c017d0b6143ce3c9a7e6a4a49860d7a6ab210ee3d8"
        + "2442ce9d2b916064108014783e923ec36b49743e2ffa1c4496f01a512aafd9e5";
    for (Secp256k1Backend backend : List.of(Secp256k1Backend.BOUNCY_CASTLE, NATIVE_SECP256K1)) {
      RecoverableSignature signature = one.signDigest(satoshi, backend);
      assertEquals(expected, HEX.formatHex(signature.toBytes()).substring(0, 128), backend.name());
    }
    for (int i = 0; i < 50; i++) {
      AccountPrivateKey key = AccountPrivateKey.generate();
      byte[] digest = Keccak.keccak256(("tx " + i).getBytes(StandardCharsets.US_ASCII));
      RecoverableSignature bc = key.signDigest(digest, Secp256k1Backend.BOUNCY_CASTLE);
      assertEquals(bc, key.signDigest(digest, NATIVE_SECP256K1));
      assertEquals(key.publicKey(), NATIVE_SECP256K1.recover(bc, digest));
      assertEquals(key.publicKey(), Secp256k1Backend.BOUNCY_CASTLE.recover(bc, digest));
    }
  }

  @Test
  void verifyAgreesAcrossBackends() throws Exception {
    for (int i = 0; i < 20; i++) {
      AccountPrivateKey key = AccountPrivateKey.generate();
      byte[] message = ("tx " + i).getBytes(StandardCharsets.US_ASCII);
      RecoverableSignature signature = key.sign(message);
      for (Secp256k1Backend backend : List.of(Secp256k1Backend.BOUNCY_CASTLE, NATIVE_SECP256K1)) {
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

  @Test
  void rfc8032VectorsVerifyBothWaysAndNotForAnotherMessage() {
    for (String[] vector : SignatureVectors.RFC8032) {
      byte[] msg = HEX.parseHex(vector[1]);
      assertBothBackends(true, vector[0], msg, HEX.parseHex(vector[2]));
      assertBothBackends(false, vector[0], Arrays.copyOf(msg, msg.length + 1), HEX.parseHex(vector[2]));
    }
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
    byte[] sLittle = Arrays.copyOfRange(signature, 32, 64);
    BigInteger sPlusL = new BigInteger(1, SignatureVectors.reverse(sLittle)).add(SignatureVectors.L);
    byte[] nonCanonicalS = signature.clone();
    System.arraycopy(SignatureVectors.reverse(Secp256k1.toBytes32(sPlusL)), 0, nonCanonicalS, 32, 32);
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

  @Test
  void anROfMixedOrderIsRejectedBothWays() throws Exception {
    byte[][] vector = SignatureVectors.mixedOrderRSignature();
    byte[] publicKey = vector[0];
    byte[] message = vector[1];
    byte[] signature = vector[2];
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


}
