package io.cpchain.storage;

import java.util.List;

/** Where a chunk was actually written: the ids of the nodes holding its copies, preferred first. */
public record ChunkPlacement(ChunkId chunk, List<String> nodeIds) {
  public ChunkPlacement {
    nodeIds = List.copyOf(nodeIds);
  }
}
