package io.cpchain.crypto.merkle;

import io.cpchain.crypto.CryptoFormatException;
import java.security.MessageDigest;
import java.util.List;

/** An audit path (RFC 6962 2.1.1): proves one leaf is in a tree of a given size and root. */
public final class InclusionProof {

  private final long leafIndex;
  private final long treeSize;
  private final List<byte[]> path;

  InclusionProof(long leafIndex, long treeSize, List<byte[]> path) {
    this.leafIndex = leafIndex;
    this.treeSize = treeSize;
    this.path = path.stream().map(byte[]::clone).toList();
  }

  public long leafIndex() {
    return leafIndex;
  }

  public long treeSize() {
    return treeSize;
  }

  public List<byte[]> path() {
    return path.stream().map(byte[]::clone).toList();
  }

  /** True if leaf data {@code leaf} is at {@link #leafIndex()} of the tree with this root. */
  public boolean verifyLeaf(byte[] leaf, byte[] root) {
    return verify(MerkleHash.leaf(leaf), root);
  }

  /** The verification algorithm of RFC 9162 section 2.1.3.2, from a leaf hash. */
  public boolean verify(byte[] leafHash, byte[] root) {
    if (leafIndex >= treeSize || leafHash.length != MerkleHash.SIZE) {
      return false;
    }
    long fn = leafIndex;
    long sn = treeSize - 1;
    byte[] r = leafHash;
    for (byte[] p : path) {
      if (sn == 0) {
        return false;
      }
      if ((fn & 1) == 1 || fn == sn) {
        r = MerkleHash.node(p, r);
        if ((fn & 1) == 0) {
          while ((fn & 1) == 0 && fn != 0) {
            fn >>= 1;
            sn >>= 1;
          }
        }
      } else {
        r = MerkleHash.node(r, p);
      }
      fn >>= 1;
      sn >>= 1;
    }
    return sn == 0 && MessageDigest.isEqual(r, root);
  }

  public byte[] toBytes() {
    return ProofEncoding.encode(leafIndex, treeSize, path);
  }

  public static InclusionProof fromBytes(byte[] bytes) throws CryptoFormatException {
    ProofEncoding.Decoded decoded = ProofEncoding.decode(bytes, "inclusion proof");
    if (decoded.first() >= decoded.second()) {
      throw new CryptoFormatException("inclusion proof names leaf " + decoded.first() + " of a tree of "
          + decoded.second());
    }
    return new InclusionProof(decoded.first(), decoded.second(), decoded.hashes());
  }
}
