package io.cpchain.crypto.random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.cpchain.crypto.aead.IntervalCipher;
import io.cpchain.crypto.aead.IntervalKey;
import io.cpchain.crypto.pre.Umbral;
import io.cpchain.crypto.pre.UmbralSecretKey;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DerivedRandomTest {

  private static final byte[] SECRET = new byte[32];
  static {
    Arrays.fill(SECRET, (byte) 7);
  }

  @Test
  void theSameSecretAndContextGiveTheSameStream() {
    assertArrayEquals(bytes(DerivedRandom.of(SECRET, "test", ctx("a")), 1000),
        bytes(DerivedRandom.of(SECRET, "test", ctx("a")), 1000));
  }

  @Test
  void anotherContextLabelOrSecretGivesAnotherStream() {
    byte[] base = bytes(DerivedRandom.of(SECRET, "test", ctx("a")), 64);
    byte[] otherSecret = SECRET.clone();
    otherSecret[31] ^= 1;
    Set<String> streams = new HashSet<>();
    streams.add(Arrays.toString(base));
    streams.add(Arrays.toString(bytes(DerivedRandom.of(SECRET, "test", ctx("b")), 64)));
    streams.add(Arrays.toString(bytes(DerivedRandom.of(SECRET, "other", ctx("a")), 64)));
    streams.add(Arrays.toString(bytes(DerivedRandom.of(otherSecret, "test", ctx("a")), 64)));
    // label and context are separated: ("te", "st...") is not ("tes", "t...")
    streams.add(Arrays.toString(bytes(DerivedRandom.of(SECRET, "tes", ctx("ta")), 64)));
    assertEquals(5, streams.size());
  }

  @Test
  void theStreamLooksUniform() {
    byte[] stream = bytes(DerivedRandom.of(SECRET, "test", ctx("uniform")), 1 << 14);
    int ones = 0;
    for (byte b : stream) {
      ones += Integer.bitCount(b & 0xff);
    }
    double share = ones / (stream.length * 8.0);
    assertFalse(Math.abs(share - 0.5) > 0.02, "share of one bits " + share);
  }

  @Test
  void aShortSecretIsRefused() {
    assertThrows(IllegalArgumentException.class, () -> DerivedRandom.of(new byte[16], "test", ctx("a")));
  }

  @Test
  void replayedEncapsulationAndEncryptionAreIdenticalAndStillOpen() throws Exception {
    UmbralSecretKey owner = UmbralSecretKey.generate();
    byte[] plaintext = "readings of one interval".getBytes(StandardCharsets.UTF_8);
    byte[] ad = ctx("veh-1|0|60000");
    byte[][] runs = new byte[2][];
    for (int run = 0; run < 2; run++) {
      SecureRandom random = DerivedRandom.of(SECRET, "interval", ad);
      Umbral.Encapsulation encapsulation = Umbral.encapsulate(owner.publicKey(), random);
      IntervalCipher.Sealed sealed = new IntervalCipher(IntervalKey.fromKeySeed(encapsulation.keySeed()))
          .encrypt(plaintext, ad, 8, random);
      IntervalKey opened = IntervalKey.fromKeySeed(Umbral.decapsulateOriginal(owner, encapsulation.capsule()));
      assertArrayEquals(plaintext, new IntervalCipher(opened).decrypt(sealed, ad));
      runs[run] = concat(encapsulation.capsule().toBytes(), sealed.header(), sealed.segments().get(0));
    }
    assertArrayEquals(runs[0], runs[1]);
  }

  private static byte[] ctx(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] bytes(SecureRandom random, int n) {
    byte[] out = new byte[n];
    random.nextBytes(out);
    return out;
  }

  private static byte[] concat(byte[]... parts) {
    return Arrays.stream(parts).reduce(new byte[0], (a, b) -> {
      byte[] c = Arrays.copyOf(a, a.length + b.length);
      System.arraycopy(b, 0, c, a.length, b.length);
      return c;
    });
  }
}
