package io.cpchain.crypto.merkle;

import io.cpchain.crypto.CryptoFormatException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;

/** Proves a tree of {@code oldSize} leaves is a prefix of a tree of {@code newSize} (RFC 6962 2.1.2). */
public final class ConsistencyProof {

  private final long oldSize;
  private final long newSize;
  private final List<byte[]> path;

  ConsistencyProof(long oldSize, long newSize, List<byte[]> path) {
    this.oldSize = oldSize;
    this.newSize = newSize;
    this.path = path.stream().map(byte[]::clone).toList();
  }

  public long oldSize() {
    return oldSize;
  }

  public long newSize() {
    return newSize;
  }

  public List<byte[]> path() {
    return path.stream().map(byte[]::clone).toList();
  }

  /** The verification algorithm of RFC 9162 section 2.1.4.2. */
  public boolean verify(byte[] oldRoot, byte[] newRoot) {
    if (oldSize < 1 || oldSize > newSize) {
      return false;
    }
    if (oldSize == newSize) {
      return path.isEmpty() && MessageDigest.isEqual(oldRoot, newRoot);
    }
    List<byte[]> c = new ArrayList<>(path);
    if (Long.bitCount(oldSize) == 1) {
      c.add(0, oldRoot);
    }
    if (c.isEmpty()) {
      return false;
    }
    long fn = oldSize - 1;
    long sn = newSize - 1;
    while ((fn & 1) == 1) {
      fn >>= 1;
      sn >>= 1;
    }
    byte[] fr = c.get(0);
    byte[] sr = c.get(0);
    for (byte[] hash : c.subList(1, c.size())) {
      if (sn == 0) {
        return false;
      }
      if ((fn & 1) == 1 || fn == sn) {
        fr = MerkleHash.node(hash, fr);
        sr = MerkleHash.node(hash, sr);
        if ((fn & 1) == 0) {
          while ((fn & 1) == 0 && fn != 0) {
            fn >>= 1;
            sn >>= 1;
          }
        }
      } else {
        sr = MerkleHash.node(sr, hash);
      }
      fn >>= 1;
      sn >>= 1;
    }
    return sn == 0 && MessageDigest.isEqual(fr, oldRoot) && MessageDigest.isEqual(sr, newRoot);
  }

  public byte[] toBytes() {
    return ProofEncoding.encode(oldSize, newSize, path);
  }

  public static ConsistencyProof fromBytes(byte[] bytes) throws CryptoFormatException {
    ProofEncoding.Decoded decoded = ProofEncoding.decode(bytes, "consistency proof");
    if (decoded.first() < 1 || decoded.first() > decoded.second()) {
      throw new CryptoFormatException("consistency proof from size " + decoded.first() + " to " + decoded.second());
    }
    return new ConsistencyProof(decoded.first(), decoded.second(), decoded.hashes());
  }
}
