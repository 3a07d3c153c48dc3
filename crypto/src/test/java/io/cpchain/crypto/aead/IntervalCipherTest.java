package io.cpchain.crypto.aead;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class IntervalCipherTest {

  private static final byte[] AD = ad("veh-00001", 1_750_000_000_000L, 1_750_000_060_000L);
  private final IntervalKey key = IntervalKey.generate();
  private final IntervalCipher cipher = new IntervalCipher(key);

  @Property(tries = 100)
  void roundTripsAnySizeAndSegmentation(@ForAll @Size(max = 3_000) byte[] plaintext,
      @ForAll @IntRange(min = 1, max = 700) int segmentSize) throws Exception {
    IntervalCipher.Sealed sealed = cipher.encrypt(plaintext, AD, segmentSize);
    assertEquals(Math.max(1, (plaintext.length + segmentSize - 1) / segmentSize), sealed.segments().size());
    assertArrayEquals(plaintext, cipher.decrypt(sealed, AD));
  }

  @Test
  void eachSegmentDecryptsOnItsOwn() throws Exception {
    byte[] plaintext = text("0123456789".repeat(10));
    IntervalCipher.Sealed sealed = cipher.encrypt(plaintext, AD, 30);
    assertEquals(4, sealed.segments().size());
    assertArrayEquals(text("0123456789".repeat(3)),
        cipher.decryptSegment(sealed.header(), 1, false, sealed.segments().get(1), AD));
    assertArrayEquals(text("0123456789"), cipher.decryptSegment(sealed.header(), 3, true, sealed.segments().get(3), AD));
  }

  @Test
  void reorderingTruncationAndExtensionAreDetected() throws Exception {
    IntervalCipher.Sealed sealed = cipher.encrypt(new byte[100], AD, 25);
    List<byte[]> swapped = new ArrayList<>(sealed.segments());
    Collections.swap(swapped, 0, 1);
    assertRejected(new IntervalCipher.Sealed(sealed.header(), swapped), AD);
    assertRejected(new IntervalCipher.Sealed(sealed.header(), sealed.segments().subList(0, 3)), AD);
    List<byte[]> extended = new ArrayList<>(sealed.segments());
    extended.add(cipher.encrypt(new byte[10], AD, 25).segments().get(0));
    assertRejected(new IntervalCipher.Sealed(sealed.header(), extended), AD);
    assertRejected(new IntervalCipher.Sealed(sealed.header(), List.of()), AD);
  }

  @Test
  void aSegmentFromAnotherIntervalIsDetectedEvenUnderTheSameKey() throws Exception {
    byte[] otherAd = ad("veh-00001", 1_750_000_060_000L, 1_750_000_120_000L);
    IntervalCipher.Sealed first = cipher.encrypt(new byte[50], AD, 25);
    IntervalCipher.Sealed second = cipher.encrypt(new byte[50], otherAd, 25);
    List<byte[]> mixed = List.of(first.segments().get(0), second.segments().get(1));
    assertRejected(new IntervalCipher.Sealed(first.header(), mixed), AD);
    assertRejected(first, otherAd);
  }

  @Test
  void flippedBitsWrongKeysAndEditedHeadersAreDetected() throws Exception {
    IntervalCipher.Sealed sealed = cipher.encrypt(text("a reading"), AD, 1024);
    for (int i = 0; i < sealed.segments().get(0).length; i++) {
      byte[] flipped = sealed.segments().get(0).clone();
      flipped[i] ^= 0x01;
      assertRejected(new IntervalCipher.Sealed(sealed.header(), List.of(flipped)), AD);
    }
    for (int i = 1; i < sealed.header().length; i++) {
      byte[] header = sealed.header().clone();
      header[i] ^= 0x01;
      assertRejected(new IntervalCipher.Sealed(header, sealed.segments()), AD);
    }
    assertThrows(GeneralSecurityException.class,
        () -> new IntervalCipher(IntervalKey.generate()).decrypt(sealed, AD), "another interval's key");
  }

  @Test
  void theSegmentIsPlainAesGcmUnderTheDocumentedNonce() throws Exception {
    // Guards the documented layout: a reader with the derived key can open segment 0 with JCA alone.
    IntervalCipher.Sealed sealed = cipher.encrypt(text("layout"), AD, 64);
    byte[] header = sealed.header();
    assertEquals(IntervalCipher.HEADER_SIZE, header.length);
    assertEquals(1, header[0]);
    assertEquals(64, java.nio.ByteBuffer.wrap(header, 1, 4).getInt());
    byte[] salt = java.util.Arrays.copyOfRange(header, 5, 37);
    byte[] nonce = java.nio.ByteBuffer.allocate(12).put(header, 37, 7).putInt(0).put((byte) 1).array();
    org.bouncycastle.crypto.generators.HKDFBytesGenerator hkdf =
        new org.bouncycastle.crypto.generators.HKDFBytesGenerator(new org.bouncycastle.crypto.digests.SHA256Digest());
    hkdf.init(new org.bouncycastle.crypto.params.HKDFParameters(key.toBytes(io.cpchain.crypto.sign.SecretAccess.get()),
        salt, text("cpchain interval STREAM AES-256-GCM v1")));
    byte[] segmentKey = new byte[32];
    hkdf.generateBytes(segmentKey, 0, 32);
    Cipher gcm = Cipher.getInstance("AES/GCM/NoPadding");
    gcm.init(Cipher.DECRYPT_MODE, new SecretKeySpec(segmentKey, "AES"), new GCMParameterSpec(128, nonce));
    gcm.updateAAD(header);
    gcm.updateAAD(AD);
    assertArrayEquals(text("layout"), gcm.doFinal(sealed.segments().get(0)));
  }

  @Test
  void keysNeverPrintAndAssociatedDataIsRequired() {
    assertEquals("IntervalKey(secret)", key.toString());
    assertThrows(NullPointerException.class, () -> cipher.encrypt(new byte[1], null, 10));
  }

  private void assertRejected(IntervalCipher.Sealed sealed, byte[] ad) {
    assertThrows(GeneralSecurityException.class, () -> cipher.decrypt(sealed, ad));
  }

  private static byte[] ad(String device, long start, long end) {
    return text(device + "|" + start + "|" + end);
  }

  private static byte[] text(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
