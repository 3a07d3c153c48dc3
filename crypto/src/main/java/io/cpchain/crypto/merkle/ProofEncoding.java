package io.cpchain.crypto.merkle;

import io.cpchain.crypto.CryptoFormatException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Wire format shared by both proofs: version (1 byte, 1), first (8 bytes, big-endian), second (8
 * bytes), hash count (1 byte, at most 64), then the 32-byte hashes.
 */
final class ProofEncoding {

  static final byte VERSION = 1;
  static final int MAX_HASHES = 64; // a path in a tree of 2^63 leaves is shorter
  private static final int HEADER = 1 + 8 + 8 + 1;

  private ProofEncoding() {}

  static byte[] encode(long first, long second, List<byte[]> hashes) {
    ByteBuffer out = ByteBuffer.allocate(HEADER + hashes.size() * MerkleHash.SIZE);
    out.put(VERSION).putLong(first).putLong(second).put((byte) hashes.size());
    hashes.forEach(out::put);
    return out.array();
  }

  record Decoded(long first, long second, List<byte[]> hashes) {}

  static Decoded decode(byte[] bytes, String what) throws CryptoFormatException {
    if (bytes == null || bytes.length < HEADER) {
      throw new CryptoFormatException(what + " is shorter than its " + HEADER + "-byte header");
    }
    ByteBuffer in = ByteBuffer.wrap(bytes);
    if (in.get() != VERSION) {
      throw new CryptoFormatException(what + " has an unknown version");
    }
    long first = in.getLong();
    long second = in.getLong();
    int count = Byte.toUnsignedInt(in.get());
    if (count > MAX_HASHES || bytes.length != HEADER + count * MerkleHash.SIZE) {
      throw new CryptoFormatException(what + " length does not match its " + count + " hashes");
    }
    if (first < 0 || second < 0) {
      throw new CryptoFormatException(what + " has a negative index or size");
    }
    List<byte[]> hashes = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      byte[] hash = new byte[MerkleHash.SIZE];
      in.get(hash);
      hashes.add(hash);
    }
    return new Decoded(first, second, hashes);
  }
}
