package io.cpchain.crypto.merkle;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** RFC 6962 section 2.1 hashing: leaves and interior nodes are hashed apart (0x00, 0x01 prefixes). */
public final class MerkleHash {

  public static final int SIZE = 32;

  private MerkleHash() {}

  /** {@code SHA-256(0x00 || data)}. */
  public static byte[] leaf(byte[] data) {
    MessageDigest sha256 = sha256();
    sha256.update((byte) 0x00);
    sha256.update(data);
    return sha256.digest();
  }

  /** {@code SHA-256(0x01 || left || right)}. */
  public static byte[] node(byte[] left, byte[] right) {
    MessageDigest sha256 = sha256();
    sha256.update((byte) 0x01);
    sha256.update(left);
    sha256.update(right);
    return sha256.digest();
  }

  /** The hash of the empty tree: {@code SHA-256()}. */
  public static byte[] empty() {
    return sha256().digest();
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every Java platform", e);
    }
  }
}
