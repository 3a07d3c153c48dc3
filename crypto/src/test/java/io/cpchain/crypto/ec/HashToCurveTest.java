package io.cpchain.crypto.ec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HexFormat;
import org.bouncycastle.math.ec.ECPoint;
import org.junit.jupiter.api.Test;

/** RFC 9380's own test vectors: K.1 (expand_message_xmd, SHA-256) and J.8.1 (secp256k1_XMD:SHA-256_SSWU_RO_). */
class HashToCurveTest {

  private static final HexFormat HEX = HexFormat.of();

  @Test
  void expandMessageXmdSha256Vectors() {
    byte[] dst = ascii("QUUX-V01-CS02-with-expander-SHA256-128");
    assertEquals("68a985b87eb6b46952128911f2a4412bbc302a9d759667f87f7a21d803f07235",
        HEX.formatHex(HashToCurve.expandMessageXmd(ascii(""), dst, 0x20)));
    assertEquals("d8ccab23b5985ccea865c6c97b6e5b8350e794e603b4b97902f53a8a0d605615",
        HEX.formatHex(HashToCurve.expandMessageXmd(ascii("abc"), dst, 0x20)));
  }

  @Test
  void secp256k1RandomOracleSuiteVectors() {
    byte[] dst = ascii("QUUX-V01-CS02-with-secp256k1_XMD:SHA-256_SSWU_RO_");
    assertPoint("c1cae290e291aee617ebaef1be6d73861479c48b841eaba9b7b5852ddfeb1346",
        "64fa678e07ae116126f08b022a94af6de15985c996c3a91b64c406a960e51067",
        HashToCurve.hashToCurve(ascii(""), dst));
    assertPoint("3377e01eab42db296b512293120c6cee72b6ecf9f9205760bd9ff11fb3cb2c4b",
        "7f95890f33efebd1044d382a01b1bee0900fb6116f94688d487c6c7b9c8371f6",
        HashToCurve.hashToCurve(ascii("abc"), dst));
  }

  private static byte[] ascii(String s) {
    return s.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
  }

  private static void assertPoint(String x, String y, ECPoint point) {
    assertTrue(point.isValid());
    assertEquals(x, HEX.formatHex(point.getAffineXCoord().getEncoded()));
    assertEquals(y, HEX.formatHex(point.getAffineYCoord().getEncoded()));
  }
}
