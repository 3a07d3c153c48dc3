package io.cpchain.storage;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Comparator;
import java.util.List;

/**
 * Where a chunk lives, with no directory: rendezvous (highest-random-weight) hashing. Every node
 * gets a weight {@code SHA-256(node id, chunk id)}; the chunk's replicas go to the heaviest nodes.
 * Anyone with the node list computes the same order, and adding or removing a node only moves the
 * chunks for which that node is (or was) among the heaviest.
 */
public final class RendezvousPlacement {

  private final List<StorageNode> nodes;

  public RendezvousPlacement(List<StorageNode> nodes) {
    if (nodes.isEmpty()) {
      throw new IllegalArgumentException("placement needs at least one storage node");
    }
    this.nodes = List.copyOf(nodes);
  }

  /** All nodes, most preferred first, for this chunk. */
  public List<StorageNode> order(ChunkId chunk) {
    return nodes.stream()
        .sorted(Comparator.comparing((StorageNode node) -> weight(node, chunk), Long::compareUnsigned).reversed()
            .thenComparing(StorageNode::id))
        .toList();
  }

  static long weight(StorageNode node, ChunkId chunk) {
    MessageDigest sha256 = ChunkId.sha256();
    sha256.update(node.id().getBytes(StandardCharsets.UTF_8));
    sha256.update((byte) 0); // separates the two names: ("ab","c") and ("a","bc") weigh differently
    sha256.update(chunk.hex().getBytes(StandardCharsets.US_ASCII));
    return ByteBuffer.wrap(sha256.digest()).getLong();
  }
}
