package io.cpchain.storage;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Chunks replicated over storage nodes. A chunk's {@code r} copies go to the first nodes of its
 * rendezvous order; a node that fails a write is skipped for the next one in that order, and the
 * returned placement says where the copies really are. Reads try the recorded nodes, then the rest
 * of the order, and return only bytes that hash to the chunk id.
 */
public final class ChunkStore {

  private final Map<String, NodeStore> stores = new LinkedHashMap<>();
  private final RendezvousPlacement placement;
  private final int replicas;

  public ChunkStore(List<? extends NodeStore> nodeStores, int replicas) {
    if (replicas < 1 || replicas > nodeStores.size()) {
      throw new IllegalArgumentException("replicas must be between 1 and the number of storage nodes ("
          + nodeStores.size() + "), got " + replicas);
    }
    nodeStores.forEach(store -> stores.put(store.node().id(), store));
    this.placement = new RendezvousPlacement(nodeStores.stream().map(NodeStore::node).toList());
    this.replicas = replicas;
  }

  public int replicas() {
    return replicas;
  }

  /** Stores {@code r} verified copies of the chunk; fails only if fewer than {@code r} nodes take it. */
  public ChunkPlacement put(byte[] content) throws StorageException {
    ChunkId id = ChunkId.of(content);
    List<String> written = new ArrayList<>();
    List<String> failures = new ArrayList<>();
    for (StorageNode node : placement.order(id)) {
      if (written.size() == replicas) {
        break;
      }
      try {
        stores.get(node.id()).put(id, content);
        written.add(node.id());
      } catch (StorageException e) {
        failures.add(e.getMessage());
      }
    }
    if (written.size() < replicas) {
      throw new StorageException("chunk " + id + " has " + written.size() + " of " + replicas + " copies: " + failures);
    }
    return new ChunkPlacement(id, written);
  }

  /** The chunk's bytes, from any copy that is intact. */
  public byte[] get(ChunkPlacement where) throws StorageException {
    List<String> problems = new ArrayList<>();
    for (String nodeId : readOrder(where)) {
      try {
        Optional<byte[]> content = stores.get(nodeId).get(where.chunk());
        if (content.isEmpty()) {
          problems.add(nodeId + ": missing");
        } else if (!where.chunk().matches(content.get())) {
          problems.add(nodeId + ": altered (hash mismatch)");
        } else {
          return content.get();
        }
      } catch (StorageException e) {
        problems.add(nodeId + ": " + e.getMessage());
      }
    }
    throw new StorageException("chunk " + where.chunk() + " has no intact copy: " + problems);
  }

  /** Per node: whether it answers, and how many chunks it holds (-1 if it does not answer). */
  public Map<String, Long> status() {
    Map<String, Long> counts = new TreeMap<>();
    stores.forEach((id, store) -> {
      try {
        counts.put(id, store.healthy() ? (long) store.list().size() : -1L);
      } catch (StorageException e) {
        counts.put(id, -1L);
      }
    });
    return counts;
  }

  /**
   * Finds every chunk with fewer than {@code r} intact copies on the nodes that answer, and copies it
   * from an intact copy to the next nodes of its rendezvous order. Returns how many copies it made.
   */
  public int repair() throws StorageException {
    Map<ChunkId, Set<String>> holders = new LinkedHashMap<>();
    for (NodeStore store : stores.values()) {
      if (!store.healthy()) {
        continue;
      }
      for (ChunkId chunk : store.list()) {
        holders.computeIfAbsent(chunk, c -> new LinkedHashSet<>()).add(store.node().id());
      }
    }
    int copies = 0;
    for (Map.Entry<ChunkId, Set<String>> entry : holders.entrySet()) {
      ChunkId chunk = entry.getKey();
      Set<String> intact = new LinkedHashSet<>();
      byte[] content = null;
      for (String nodeId : entry.getValue()) {
        Optional<byte[]> copy = stores.get(nodeId).get(chunk);
        if (copy.isPresent() && chunk.matches(copy.get())) {
          intact.add(nodeId);
          content = copy.get();
        }
      }
      if (content == null) {
        continue; // no intact copy anywhere: nothing to restore from; reads report it
      }
      for (StorageNode node : placement.order(chunk)) {
        if (intact.size() >= replicas) {
          break;
        }
        NodeStore target = stores.get(node.id());
        if (!intact.contains(node.id()) && target.healthy()) {
          target.put(chunk, content);
          intact.add(node.id());
          copies++;
        }
      }
    }
    return copies;
  }

  private List<String> readOrder(ChunkPlacement where) {
    Set<String> order = new LinkedHashSet<>(where.nodeIds());
    placement.order(where.chunk()).forEach(node -> order.add(node.id()));
    order.retainAll(stores.keySet());
    return new ArrayList<>(order);
  }
}
