package io.cpchain.consensus.api;

import io.cpchain.crypto.sign.Address;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Senders already recovered, by transaction hash (Keccak-256 of the whole signed encoding, so the
 * same hash means the same bytes and the same signer). A node sees each transaction several times
 * (from a client or gossip, then inside proposals and synced blocks); recovery is by far the
 * costliest step, so it is done once. Bounded: cleared when full.
 */
final class SenderCache {

  private static final int MAX = 1 << 18; // well above a mempool and a few blocks in flight
  private static final Map<Hash, Address> SENDERS = new ConcurrentHashMap<>();

  private SenderCache() {}

  static Address get(Hash txHash) {
    return SENDERS.get(txHash);
  }

  static void put(Hash txHash, Address sender) {
    if (SENDERS.size() >= MAX) {
      SENDERS.clear();
    }
    SENDERS.put(txHash, sender);
  }
}
