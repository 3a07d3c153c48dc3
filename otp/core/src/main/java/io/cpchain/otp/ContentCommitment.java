package io.cpchain.otp;

import io.cpchain.consensus.api.Hash;
import io.cpchain.crypto.merkle.MerkleHash;
import io.cpchain.crypto.merkle.MerkleTree;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What the chain commits a resource's bytes to: the RFC 6962 Merkle root over its
 * {@code totalLength} bytes cut into {@code chunkSize}-byte chunks (the last one shorter; no bytes,
 * no chunks: the empty tree's root), each chunk one leaf.
 */
public record ContentCommitment(Hash root, long totalLength, int chunkSize) {

  public static final int DEFAULT_CHUNK = 1 << 20;

  /** How many chunks the bytes are cut into. */
  public long chunkCount() {
    return (totalLength + chunkSize - 1) / chunkSize;
  }

  /** The length of chunk {@code index}: {@code chunkSize}, the last one what is left. */
  public int chunkLength(long index) {
    return (int) Math.min(chunkSize, totalLength - index * chunkSize);
  }

  /** The commitment of a file's bytes, read once in chunks. */
  public static ContentCommitment of(Path file, int chunkSize) throws IOException {
    Hasher hasher = new Hasher();
    long total = 0;
    try (InputStream in = Files.newInputStream(file)) {
      byte[] chunk;
      while ((chunk = in.readNBytes(chunkSize)).length > 0) {
        hasher.add(chunk);
        total += chunk.length;
      }
    }
    return new ContentCommitment(hasher.root(), total, chunkSize);
  }

  /** Hashes chunks as they stream by, keeping only their leaf hashes. Not thread-safe. */
  static final class Hasher {
    private final List<byte[]> leafHashes = new ArrayList<>();

    void add(byte[] chunk) {
      leafHashes.add(MerkleHash.leaf(chunk));
    }

    Hash root() {
      return Hash.of(MerkleTree.ofLeafHashes(leafHashes).root());
    }
  }
}
