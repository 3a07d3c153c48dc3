package io.cpchain.storage;

import java.util.Optional;
import java.util.Set;

/** The chunks on one storage node. Implementations verify what they store. */
public interface NodeStore {

  StorageNode node();

  /** Stores the chunk (idempotent: the same id is the same bytes) and checks the node kept it intact. */
  void put(ChunkId id, byte[] content) throws StorageException;

  /** The chunk's bytes as the node returns them (not yet checked against the id), or empty if absent. */
  Optional<byte[]> get(ChunkId id) throws StorageException;

  /** Every chunk the node holds. */
  Set<ChunkId> list() throws StorageException;

  /** True if the node answers now. */
  boolean healthy();
}
