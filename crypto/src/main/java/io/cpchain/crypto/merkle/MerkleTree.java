package io.cpchain.crypto.merkle;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A Merkle tree over an ordered list of leaves, exactly as RFC 6962 section 2.1 defines it (for any
 * number of leaves, not only powers of two), with audit paths (inclusion proofs) and consistency
 * proofs between two sizes of the same append-only list.
 */
public final class MerkleTree {

  private final List<byte[]> leafHashes;
  /**
   * Subtree hashes by (from, to). RFC 6962 splits every range the same way, so a tree has fewer than
   * 2n distinct subtrees: remembering them makes the proofs of all n leaves cost O(n log n), not O(n²).
   */
  private final Map<Long, byte[]> subtrees = new ConcurrentHashMap<>();

  private MerkleTree(List<byte[]> leafHashes) {
    this.leafHashes = leafHashes;
  }

  /** The tree over these leaf data (each hashed as a leaf). */
  public static MerkleTree of(List<byte[]> leaves) {
    List<byte[]> hashes = new ArrayList<>(leaves.size());
    leaves.forEach(leaf -> hashes.add(MerkleHash.leaf(leaf)));
    return new MerkleTree(hashes);
  }

  /**
   * The tree over leaves already hashed ({@link MerkleHash#leaf}): for a reader that hashes each
   * chunk as it streams by and keeps only the hashes.
   */
  public static MerkleTree ofLeafHashes(List<byte[]> leafHashes) {
    List<byte[]> hashes = new ArrayList<>(leafHashes.size());
    for (byte[] hash : leafHashes) {
      if (hash.length != MerkleHash.SIZE) {
        throw new IllegalArgumentException("a leaf hash is " + MerkleHash.SIZE + " bytes, not " + hash.length);
      }
      hashes.add(hash.clone());
    }
    return new MerkleTree(hashes);
  }

  public int size() {
    return leafHashes.size();
  }

  public byte[] leafHash(int index) {
    return leafHashes.get(index).clone();
  }

  /** MTH(D[n]). */
  public byte[] root() {
    return leafHashes.isEmpty() ? MerkleHash.empty() : subtreeHash(0, leafHashes.size()).clone();
  }

  /** The root of the first {@code size} leaves: what the tree was when it had that many. */
  public byte[] root(int size) {
    checkSize(size);
    return size == 0 ? MerkleHash.empty() : subtreeHash(0, size).clone();
  }

  /** PATH(m, D[n]): proves leaf {@code index} is in the tree of the current size. */
  public InclusionProof inclusionProof(int index) {
    if (index < 0 || index >= leafHashes.size()) {
      throw new IndexOutOfBoundsException("leaf " + index + " of a tree of " + leafHashes.size());
    }
    List<byte[]> path = new ArrayList<>();
    path(index, 0, leafHashes.size(), path);
    return new InclusionProof(index, leafHashes.size(), path);
  }

  /** PROOF(m, D[n]): proves the tree of {@code oldSize} leaves is a prefix of the current one. */
  public ConsistencyProof consistencyProof(int oldSize) {
    checkSize(oldSize);
    if (oldSize == 0) {
      throw new IllegalArgumentException("every tree extends the empty tree; there is nothing to prove");
    }
    List<byte[]> proof = new ArrayList<>();
    if (oldSize < leafHashes.size()) {
      subproof(oldSize, 0, leafHashes.size(), true, proof);
    }
    return new ConsistencyProof(oldSize, leafHashes.size(), proof);
  }

  /** MTH of leaves [from, to), to > from. */
  private byte[] subtreeHash(int from, int to) {
    if (to - from == 1) {
      return leafHashes.get(from);
    }
    Long key = ((long) from << 32) | to;
    byte[] known = subtrees.get(key);
    if (known != null) {
      return known;
    }
    int k = largestPowerOfTwoBelow(to - from);
    byte[] hash = MerkleHash.node(subtreeHash(from, from + k), subtreeHash(from + k, to));
    subtrees.put(key, hash);
    return hash;
  }

  private void path(int m, int from, int to, List<byte[]> out) {
    int n = to - from;
    if (n == 1) {
      return;
    }
    int k = largestPowerOfTwoBelow(n);
    if (m < k) {
      path(m, from, from + k, out);
      out.add(subtreeHash(from + k, to).clone());
    } else {
      path(m - k, from + k, to, out);
      out.add(subtreeHash(from, from + k).clone());
    }
  }

  /** SUBPROOF(m, D[from:to], b) of RFC 6962 section 2.1.2. */
  private void subproof(int m, int from, int to, boolean wholeOldTree, List<byte[]> out) {
    int n = to - from;
    if (m == n) {
      if (!wholeOldTree) {
        out.add(subtreeHash(from, to).clone());
      }
      return;
    }
    int k = largestPowerOfTwoBelow(n);
    if (m <= k) {
      subproof(m, from, from + k, wholeOldTree, out);
      out.add(subtreeHash(from + k, to).clone());
    } else {
      subproof(m - k, from + k, to, false, out);
      out.add(subtreeHash(from, from + k).clone());
    }
  }

  private void checkSize(int size) {
    if (size < 0 || size > leafHashes.size()) {
      throw new IllegalArgumentException("size " + size + " outside 0.." + leafHashes.size());
    }
  }

  /** The largest power of two smaller than n (n > 1). */
  static int largestPowerOfTwoBelow(int n) {
    return Integer.highestOneBit(n - 1);
  }
}
