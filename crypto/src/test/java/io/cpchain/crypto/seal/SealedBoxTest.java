package io.cpchain.crypto.seal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.cpchain.crypto.CryptoFormatException;
import io.cpchain.crypto.sign.SecretAccess;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class SealedBoxTest {

  private static final HexFormat HEX = HexFormat.of();
  private static final byte[] INFO = bytes("cpchain kfrag v1 | grant 7 | proxy 2");
  private static final byte[] AAD = bytes("epoch 20412");

  /** RFC 9180 A.2.1: DHKEM(X25519, HKDF-SHA256), HKDF-SHA256, ChaCha20Poly1305, base mode, sequence 0. */
  @Test
  void rfc9180AppendixA21() throws Exception {
    byte[] info = HEX.parseHex("4f6465206f6e2061204772656369616e2055726e");
    byte[] ikmE = HEX.parseHex("909a9b35d3dc4713a5e72a4da274b55d3d3821a37e5d099e74a647db583a904b");
    byte[] skRm = HEX.parseHex("8057991eef8f1f1af18f4a9491d16a1ce333f695d4db8e38da75975c4478e0fb");
    byte[] pkRm = HEX.parseHex("4310ee97d88cc1f088a5576c77ab0cf5c3ac797f3d95139c6c84b5429c59662a");
    byte[] enc = HEX.parseHex("1afa08d3dec047a643885163f1180476fa7ddb54c6a8029ea33f95796bf2ac4a");
    byte[] pt = HEX.parseHex("4265617574792069732074727574682c20747275746820626561757479");
    byte[] aad = HEX.parseHex("436f756e742d30");
    byte[] ct = HEX.parseHex("1c5250d8034ec2b784ba2cfd69dbdb8af406cfe3ff938e131f0def8c8b60b4db21993c62ce81883d2dd1b51a28");

    SealingKeyPair recipient = SealingKeyPair.fromBytes(skRm);
    assertArrayEquals(pkRm, recipient.publicKey().toBytes());
    byte[] expected = concat(new byte[] {SealedBox.VERSION}, enc, ct);
    assertArrayEquals(expected, SealedBox.seal(SealingPublicKey.fromBytes(pkRm), info, aad, pt, ikmE));
    assertArrayEquals(pt, SealedBox.open(recipient, info, aad, expected));
  }

  @Test
  void onlyTheRecipientOpensWithTheSameInfoAndAad() throws Exception {
    SealingKeyPair proxy = SealingKeyPair.generate();
    byte[] kfrag = new byte[310];
    Arrays.fill(kfrag, (byte) 7);
    byte[] sealed = SealedBox.seal(proxy.publicKey(), INFO, AAD, kfrag);
    assertEquals(kfrag.length + SealedBox.OVERHEAD, sealed.length);
    assertArrayEquals(kfrag, SealedBox.open(proxy, INFO, AAD, sealed));
    assertArrayEquals(new byte[0], SealedBox.open(proxy, INFO, AAD, SealedBox.seal(proxy.publicKey(), INFO, AAD,
        new byte[0])), "an empty message seals too");

    assertThrows(SealOpenException.class, () -> SealedBox.open(SealingKeyPair.generate(), INFO, AAD, sealed),
        "another key");
    assertThrows(SealOpenException.class, () -> SealedBox.open(proxy, INFO, bytes("epoch 20413"), sealed),
        "other associated data");
    assertThrows(SealOpenException.class, () -> SealedBox.open(proxy, bytes("cpchain kfrag v1 | grant 8"), AAD,
        sealed), "other info");
    assertThrows(SealOpenException.class, () -> SealedBox.open(proxy, INFO, AAD,
        Arrays.copyOf(sealed, sealed.length - 1)), "truncated");
    assertThrows(SealOpenException.class, () -> SealedBox.open(proxy, INFO, AAD,
        Arrays.copyOf(sealed, SealedBox.OVERHEAD - 1)), "shorter than any box");
  }

  @Test
  void everyFlippedBitIsRefused() throws Exception {
    SealingKeyPair proxy = SealingKeyPair.generate();
    byte[] sealed = SealedBox.seal(proxy.publicKey(), INFO, AAD, bytes("a kfrag"));
    for (int i = 0; i < sealed.length; i++) {
      for (int bit = 0; bit < 8; bit++) {
        byte[] altered = sealed.clone();
        altered[i] ^= (byte) (1 << bit);
        // bit 7 of enc's last byte is masked off by X25519 (RFC 7748 5); the key schedule still hashes it
        assertThrows(SealOpenException.class, () -> SealedBox.open(proxy, INFO, AAD, altered),
            "byte " + i + " bit " + bit);
      }
    }
  }

  @Test
  void keysRoundTripAndRejectWrongLengths() throws Exception {
    SealingKeyPair pair = SealingKeyPair.generate();
    SealingKeyPair again = SealingKeyPair.fromBytes(pair.toBytes(SecretAccess.get()));
    assertEquals(pair.publicKey(), again.publicKey());
    assertEquals(pair.publicKey(), SealingPublicKey.fromBytes(pair.publicKey().toBytes()));
    assertThrows(CryptoFormatException.class, () -> SealingPublicKey.fromBytes(new byte[31]));
    assertThrows(CryptoFormatException.class, () -> SealingKeyPair.fromBytes(new byte[33]));
    assertEquals("SealingKeyPair(" + pair.publicKey().keyId() + ", secret)", pair.toString());
  }

  @Test
  void aLowOrderRecipientKeyIsRefusedWhenSealing() throws Exception {
    SealingPublicKey identity = SealingPublicKey.fromBytes(new byte[32]); // u = 0: the shared secret is zero
    assertThrows(IllegalArgumentException.class, () -> SealedBox.seal(identity, INFO, AAD, bytes("kfrag")));
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] concat(byte[]... parts) {
    byte[] out = new byte[Arrays.stream(parts).mapToInt(p -> p.length).sum()];
    int at = 0;
    for (byte[] part : parts) {
      System.arraycopy(part, 0, out, at, part.length);
      at += part.length;
    }
    return out;
  }
}
