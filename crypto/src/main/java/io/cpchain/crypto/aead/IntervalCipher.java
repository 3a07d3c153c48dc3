package io.cpchain.crypto.aead;

import io.cpchain.crypto.CryptoFormatException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.generators.HKDFBytesGenerator;
import org.bouncycastle.crypto.params.HKDFParameters;

/**
 * Interval encryption: the STREAM construction (Hoang, Reyhanitabar, Rogaway, Vizar, CRYPTO 2015)
 * over AES-256-GCM, the shape of Tink's AES-GCM-HKDF streaming AEAD. A blob is cut into segments;
 * each is sealed with the nonce {@code prefix(7) || index(4, big-endian) || last(1)}, so a segment
 * decrypts on its own, and reordering, truncation and extension fail. The segment key is derived
 * with HKDF-SHA256 from the interval key and a random salt, and every segment authenticates the
 * header and the caller's associated data (device, interval), so a segment moved to another interval
 * fails too. Callers never choose a nonce: the prefix and salt are random per blob.
 *
 * <p>Header: version (1) | segment size (4) | salt (32) | nonce prefix (7). Each segment is at most
 * {@code segment size} plaintext bytes plus a 16-byte tag; only the last may be shorter, and an empty
 * blob is one empty last segment.
 */
public final class IntervalCipher {

  public static final int DEFAULT_SEGMENT_SIZE = 1 << 20;
  public static final int TAG_SIZE = 16;
  static final byte VERSION = 1;
  static final int SALT_SIZE = 32;
  static final int PREFIX_SIZE = 7;
  public static final int HEADER_SIZE = 1 + 4 + SALT_SIZE + PREFIX_SIZE;
  private static final byte[] HKDF_INFO = "cpchain interval STREAM AES-256-GCM v1".getBytes(StandardCharsets.US_ASCII);
  private static final SecureRandom RANDOM = new SecureRandom();

  private final IntervalKey key;

  public IntervalCipher(IntervalKey key) {
    this.key = key;
  }

  /** An encrypted blob: its header and its sealed segments, in order. */
  public record Sealed(byte[] header, List<byte[]> segments) {}

  public Sealed encrypt(byte[] plaintext, byte[] associatedData, int segmentSize) throws GeneralSecurityException {
    return encrypt(plaintext, associatedData, segmentSize, RANDOM);
  }

  /**
   * With the caller's randomness for salt and nonce prefix. Only for a key used once (an interval
   * key): the same key, input and randomness give the same blob, which is what lets a replayed
   * interval write the same content-addressed chunks; a key reused with other input stays safe only
   * if the randomness differs, which {@link io.cpchain.crypto.random.DerivedRandom} ensures by
   * binding the input.
   */
  public Sealed encrypt(byte[] plaintext, byte[] associatedData, int segmentSize, SecureRandom random)
      throws GeneralSecurityException {
    if (segmentSize < 1) {
      throw new IllegalArgumentException("segment size must be positive");
    }
    byte[] salt = random(random, SALT_SIZE);
    byte[] prefix = random(random, PREFIX_SIZE);
    byte[] header = ByteBuffer.allocate(HEADER_SIZE).put(VERSION).putInt(segmentSize).put(salt).put(prefix).array();
    SecretKeySpec segmentKey = segmentKey(salt);
    List<byte[]> segments = new ArrayList<>();
    int count = Math.max(1, (plaintext.length + segmentSize - 1) / segmentSize);
    for (int i = 0; i < count; i++) {
      int from = i * segmentSize;
      int to = Math.min(plaintext.length, from + segmentSize);
      segments.add(seal(Cipher.ENCRYPT_MODE, segmentKey, prefix, i, i == count - 1, header, associatedData,
          plaintext, from, to - from));
    }
    return new Sealed(header, segments);
  }

  /** Decrypts a whole blob; fails if any segment is altered, missing, moved or added. */
  public byte[] decrypt(Sealed sealed, byte[] associatedData) throws GeneralSecurityException {
    ByteBuffer out = ByteBuffer.allocate(sealed.segments().stream().mapToInt(s -> Math.max(0, s.length - TAG_SIZE)).sum());
    List<byte[]> segments = sealed.segments();
    if (segments.isEmpty()) {
      throw new AEADBadTagException("an encrypted interval has at least one segment");
    }
    for (int i = 0; i < segments.size(); i++) {
      out.put(decryptSegment(sealed.header(), i, i == segments.size() - 1, segments.get(i), associatedData));
    }
    return out.array();
  }

  /** Decrypts one segment on its own: its index and whether it is the last are part of what it proves. */
  public byte[] decryptSegment(byte[] header, int index, boolean last, byte[] segment, byte[] associatedData)
      throws GeneralSecurityException {
    if (header == null || header.length != HEADER_SIZE || header[0] != VERSION) {
      throw new CryptoFormatException("not an interval header of version " + VERSION);
    }
    ByteBuffer in = ByteBuffer.wrap(header, 1, HEADER_SIZE - 1);
    int segmentSize = in.getInt();
    byte[] salt = new byte[SALT_SIZE];
    byte[] prefix = new byte[PREFIX_SIZE];
    in.get(salt).get(prefix);
    if (segment.length < TAG_SIZE || segment.length > segmentSize + TAG_SIZE) {
      throw new CryptoFormatException("segment of " + segment.length + " bytes does not fit the segment size");
    }
    return seal(Cipher.DECRYPT_MODE, segmentKey(salt), prefix, index, last, header, associatedData, segment, 0,
        segment.length);
  }

  private static byte[] seal(int mode, SecretKeySpec key, byte[] prefix, int index, boolean last, byte[] header,
      byte[] associatedData, byte[] input, int offset, int length) throws GeneralSecurityException {
    if (index < 0) {
      throw new IllegalArgumentException("segment index must not be negative");
    }
    java.util.Objects.requireNonNull(associatedData, "associated data is required: it binds device and interval");
    byte[] nonce = ByteBuffer.allocate(12).put(prefix).putInt(index).put((byte) (last ? 1 : 0)).array();
    Cipher gcm = Cipher.getInstance("AES/GCM/NoPadding");
    gcm.init(mode, key, new GCMParameterSpec(TAG_SIZE * 8, nonce));
    gcm.updateAAD(header);
    gcm.updateAAD(associatedData);
    return gcm.doFinal(input, offset, length);
  }

  private SecretKeySpec segmentKey(byte[] salt) {
    HKDFBytesGenerator hkdf = new HKDFBytesGenerator(new SHA256Digest());
    hkdf.init(new HKDFParameters(key.bytes(), salt, HKDF_INFO));
    byte[] derived = new byte[32];
    hkdf.generateBytes(derived, 0, derived.length);
    SecretKeySpec spec = new SecretKeySpec(derived, "AES");
    Arrays.fill(derived, (byte) 0);
    return spec;
  }

  private static byte[] random(SecureRandom random, int size) {
    byte[] bytes = new byte[size];
    random.nextBytes(bytes);
    return bytes;
  }
}
