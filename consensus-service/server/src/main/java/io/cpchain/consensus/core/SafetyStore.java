package io.cpchain.consensus.core;

import java.util.Optional;

/**
 * Where the core keeps its {@link SafetyRecord}, encoded: the core defines what it needs of a
 * store, the node's block store provides it. {@link #saveSafety} is durable when it returns.
 */
public interface SafetyStore {

  void saveSafety(byte[] record);

  Optional<byte[]> loadSafety();
}
