package io.cpchain.consensus.api;

import io.cpchain.crypto.sign.Address;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Senders already recovered, by transaction hash (Keccak-256 of the whole signed encoding, so the
 * same hash means the same bytes and the same signer). A node sees each transaction several times
 * (from a client or gossip, then inside proposals, synced and stored blocks); recovery is by far the
 * costliest step, so it is done once. Owned by one node, which hands it to every decode it does
 * ({@link Transaction#decode(byte[], SenderCache)} and the block and message decoders); replicas in
 * one JVM (the simulation) each have their own. Bounded: cleared when full. Thread-safe.
 */
public final class SenderCache {

  /** Remembers nothing: every decode recovers (a client decoding a block once). */
  public static final SenderCache NONE = new SenderCache(0);

  private static final int MAX = 1 << 18; // well above a mempool and a few blocks in flight

  private final int capacity;
  private final Map<Hash, Address> senders = new ConcurrentHashMap<>();

  public SenderCache() {
    this(MAX);
  }

  private SenderCache(int capacity) {
    this.capacity = capacity;
  }

  Address get(Hash txHash) {
    return senders.get(txHash);
  }

  void put(Hash txHash, Address sender) {
    if (capacity == 0) {
      return;
    }
    if (senders.size() >= capacity) {
      senders.clear();
    }
    senders.put(txHash, sender);
  }
}
