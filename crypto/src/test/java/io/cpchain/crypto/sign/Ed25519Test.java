package io.cpchain.crypto.sign;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cpchain.crypto.CryptoFormatException;
import java.util.Arrays;
import java.util.HexFormat;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class Ed25519Test {

  private static final HexFormat HEX = HexFormat.of();

  /** RFC 8032, section 7.1, TEST 1 to TEST 3. */
  @ParameterizedTest
  @CsvSource({
      "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60,"
          + "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a,,"
          + "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b",
      "4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb,"
          + "3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c,72,"
          + "92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00",
      "c5aa8df43f9f837bedb7442f31dcb7b166d38535076f094b85ce3a2e0b4458f7,"
          + "fc51cd8e6218a1a38da47ed00230f0580816ed13ba3303ac5deb911548908025,af82,"
          + "6291d657deec24024827e69c3abe01a30ce548a284743a445e3680d7db5ac3ac18ff9b538d16f290ae67f760984dc6594a7c15e9716ed28dc027beceea1ec40a"
  })
  void rfc8032Vectors(String secret, String publicKey, String message, String signature) throws Exception {
    byte[] msg = message == null ? new byte[0] : HEX.parseHex(message);
    Ed25519PrivateKey key = Ed25519PrivateKey.fromSeed(HEX.parseHex(secret));

    assertEquals(publicKey, HEX.formatHex(key.publicKey().toBytes()));
    assertEquals(signature, HEX.formatHex(key.sign(msg)));
    assertTrue(Ed25519PublicKey.fromBytes(HEX.parseHex(publicKey)).verify(msg, HEX.parseHex(signature)));
  }

  @Property(tries = 50)
  void signaturesVerifyOnlyForTheirMessageAndKey(@ForAll byte[] message) {
    Ed25519PrivateKey key = Ed25519PrivateKey.generate();
    byte[] signature = key.sign(message);
    assertTrue(key.publicKey().verify(message, signature));
    assertFalse(Ed25519PrivateKey.generate().publicKey().verify(message, signature), "another key");
    byte[] tampered = Arrays.copyOf(message, message.length + 1);
    assertFalse(key.publicKey().verify(tampered, signature), "another message");
    byte[] flipped = signature.clone();
    flipped[message.length % 64] ^= 0x01;
    assertFalse(key.publicKey().verify(message, flipped), "a flipped signature bit");
    assertFalse(key.publicKey().verify(message, Arrays.copyOf(signature, 63)), "a truncated signature");
  }

  @Test
  void verifiesASliceOfALargerBuffer() {
    Ed25519PrivateKey key = Ed25519PrivateKey.generate();
    byte[] buffer = "header|the signed part|trailer".getBytes();
    byte[] signature = key.sign(buffer, 7, 15);
    assertTrue(key.publicKey().verify(buffer, 7, 15, signature));
    assertFalse(key.publicKey().verify(buffer, 7, 16, signature));
  }

  @Test
  void malformedKeysAreRejected() {
    assertThrows(CryptoFormatException.class, () -> Ed25519PublicKey.fromBytes(new byte[31]));
    assertThrows(CryptoFormatException.class, () -> Ed25519PrivateKey.fromSeed(new byte[33]));
    byte[] notOnCurve = new byte[32];
    Arrays.fill(notOnCurve, (byte) 0xff); // y >= p: not a canonical encoding of any point
    assertThrows(CryptoFormatException.class, () -> Ed25519PublicKey.fromBytes(notOnCurve));
  }

  @Test
  void keysNeverPrintTheirSecretAndKeyIdsAreStable() {
    Ed25519PrivateKey key = Ed25519PrivateKey.generate();
    String seedHex = HEX.formatHex(key.seedBytes(SecretAccess.get()));
    assertFalse(key.toString().contains(seedHex));
    assertEquals(16, key.publicKey().keyId().length());
    assertEquals(key.publicKey().keyId(), key.publicKey().keyId());
    assertTrue(key.toString().contains(key.publicKey().keyId()));
  }
}
