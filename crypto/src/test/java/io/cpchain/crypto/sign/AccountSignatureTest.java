package io.cpchain.crypto.sign;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cpchain.crypto.CryptoFormatException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class AccountSignatureTest {

  private static final HexFormat HEX = HexFormat.of();

  @Test
  void keccak256IsEthereumsNotSha3() {
    assertEquals("c5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470",
        HEX.formatHex(Keccak.keccak256(new byte[0])));
  }

  @Test
  void wellKnownPrivateKeysGiveTheirWellKnownAddresses() throws Exception {
    assertEquals("0x7E5F4552091A69125d5DfCb7b8C2659029395Bdf", key(1).publicKey().address().toHex());
    assertEquals("0x2B5AD5c4795c026514f8317c7a215E218DcCD6cF", key(2).publicKey().address().toHex());
  }

  @ParameterizedTest
  @ValueSource(strings = {"0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed", "0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359",
      "0xdbF03B407c01E7cD3CBea99509d93f8DDDC8C6FB", "0xD1220A0cf47c7B9Be7A2E6BA89F429762e7b9aDb"})
  void eip55ChecksumExamples(String address) throws Exception {
    assertEquals(address, Address.fromHex(address.toLowerCase()).toHex());
    assertEquals(address, Address.fromHex(address).toHex());
    String broken = address.substring(0, 2) + swapCase(address.charAt(2)) + address.substring(3);
    if (Character.isLetter(address.charAt(2))) {
      assertThrows(CryptoFormatException.class, () -> Address.fromHex(broken));
    }
  }

  @Test
  void rfc6979DeterministicNoncesMatchThePublishedSecp256k1Vector() throws Exception {
    // Private key 1, SHA-256("Satoshi Nakamoto"): the vector bitcoin libraries test RFC 6979 with.
    byte[] digest = MessageDigest.getInstance("SHA-256").digest("Satoshi Nakamoto".getBytes(StandardCharsets.US_ASCII));
    byte[] rsv = key(1).signDigest(digest).toBytes();
    assertEquals("934b1ea10a4b3c1757e2b0c017d0b6143ce3c9a7e6a4a49860d7a6ab210ee3d8", HEX.formatHex(rsv, 0, 32));
    assertEquals("2442ce9d2b916064108014783e923ec36b49743e2ffa1c4496f01a512aafd9e5", HEX.formatHex(rsv, 32, 64));
  }

  @Property(tries = 30)
  void signaturesRecoverTheirSignerAndNoOther(@ForAll byte[] message) throws Exception {
    AccountPrivateKey key = AccountPrivateKey.generate();
    RecoverableSignature signature = key.sign(message);
    assertEquals(key.publicKey(), signature.recover(message));
    assertTrue(key.publicKey().verify(message, signature));
    assertFalse(AccountPrivateKey.generate().publicKey().verify(message, signature));
    byte[] other = java.util.Arrays.copyOf(message, message.length + 1);
    assertFalse(key.publicKey().verify(other, signature));
    assertEquals(signature, RecoverableSignature.fromBytes(signature.toBytes()));
    assertTrue(new BigInteger(1, java.util.Arrays.copyOfRange(signature.toBytes(), 32, 64))
        .compareTo(Secp256k1.HALF_N) <= 0, "low s");
  }

  @Test
  void highSAndMalformedSignaturesAndKeysAreRejected() throws Exception {
    byte[] rsv = key(7).sign("tx".getBytes()).toBytes();
    BigInteger s = new BigInteger(1, java.util.Arrays.copyOfRange(rsv, 32, 64));
    byte[] highS = rsv.clone();
    System.arraycopy(Secp256k1.toBytes32(Secp256k1.N.subtract(s)), 0, highS, 32, 32);
    highS[64] ^= 1;
    assertThrows(CryptoFormatException.class, () -> RecoverableSignature.fromBytes(highS));
    byte[] badV = rsv.clone();
    badV[64] = 27;
    assertThrows(CryptoFormatException.class, () -> RecoverableSignature.fromBytes(badV));
    assertThrows(CryptoFormatException.class, () -> RecoverableSignature.fromBytes(new byte[64]));
    assertThrows(CryptoFormatException.class, () -> AccountPrivateKey.fromBytes(new byte[32]));
    assertThrows(CryptoFormatException.class, () -> AccountPrivateKey.fromBytes(Secp256k1.toBytes32(Secp256k1.N)));
    byte[] offCurve = key(3).publicKey().toUncompressed();
    offCurve[64] ^= 1;
    assertThrows(CryptoFormatException.class, () -> AccountPublicKey.fromBytes(offCurve));
    AccountPublicKey compressed = AccountPublicKey.fromBytes(key(3).publicKey().toCompressed());
    assertEquals(key(3).publicKey(), compressed);
    assertArrayEquals(key(3).publicKey().toUncompressed(), compressed.toUncompressed());
  }

  @Test
  void keysNeverPrintTheirSecret() throws Exception {
    AccountPrivateKey key = key(5);
    assertFalse(key.toString().contains(HEX.formatHex(key.toBytes(SecretAccess.get()))));
    assertTrue(key.toString().contains(key.publicKey().address().toHex()));
  }

  private static AccountPrivateKey key(int d) throws CryptoFormatException {
    return AccountPrivateKey.fromBytes(Secp256k1.toBytes32(BigInteger.valueOf(d)));
  }

  private static char swapCase(char c) {
    return Character.isUpperCase(c) ? Character.toLowerCase(c) : Character.toUpperCase(c);
  }
}
