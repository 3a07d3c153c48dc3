package io.cpchain.consensus.state;

import io.cpchain.consensus.api.Hash;
import io.cpchain.consensus.api.Transaction;
import io.cpchain.consensus.api.Verdict;
import io.cpchain.crypto.sign.Address;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Pending transactions per sender, by nonce. A transaction whose nonce is used (on chain or already
 * pending) is refused as a replay; blocks take each sender's transactions in nonce order from its
 * next nonce. Thread-safe: the API adds while the consensus thread takes.
 */
public final class Mempool {

  /** How far past a sender's next nonce a transaction may wait here, so gaps cannot fill the pool. */
  public static final long MAX_AHEAD = 10_000;

  private final int capacity;
  private final Map<Address, TreeMap<Long, Transaction>> bySender = new LinkedHashMap<>();
  private final Set<Hash> known = new HashSet<>();

  public Mempool(int capacity) {
    this.capacity = capacity;
  }

  /** Whether it was accepted, and if not why. */
  public synchronized Verdict add(Transaction tx, ChainState state) {
    if (known.contains(tx.hash())) {
      return Verdict.refused("transaction already pending");
    }
    Verdict admissible = state.admissible(tx);
    if (!admissible.ok() && !admissible.reason().contains("ahead of")) {
      return admissible;
    }
    if (tx.nonce() > state.account(tx.sender()).nonce() + MAX_AHEAD) {
      return Verdict.refused("nonce " + tx.nonce() + " is more than " + MAX_AHEAD + " ahead of the sender's next one");
    }
    TreeMap<Long, Transaction> pending = bySender.computeIfAbsent(tx.sender(), a -> new TreeMap<>());
    if (pending.containsKey(tx.nonce())) {
      return Verdict.refused("nonce " + tx.nonce() + " already pending (replay)");
    }
    if (known.size() >= capacity) {
      return Verdict.refused("mempool full (" + capacity + " transactions); retry later");
    }
    pending.put(tx.nonce(), tx);
    known.add(tx.hash());
    return Verdict.OK;
  }

  public synchronized boolean isEmpty() {
    return known.isEmpty();
  }

  public synchronized int size() {
    return known.size();
  }

  /** Up to {@code max} transactions that can run in this order on {@code state}: each sender's next nonces. */
  public synchronized List<Transaction> candidates(ChainState state, int max) {
    List<Transaction> out = new ArrayList<>();
    for (Map.Entry<Address, TreeMap<Long, Transaction>> entry : bySender.entrySet()) {
      long next = state.account(entry.getKey()).nonce();
      for (Transaction tx : entry.getValue().tailMap(next, true).values()) {
        if (tx.nonce() != next++ || out.size() >= max) {
          break;
        }
        out.add(tx);
      }
      if (out.size() >= max) {
        break;
      }
    }
    return out;
  }

  /** Drops what the new state has used up: included transactions and any others with a spent nonce. */
  public synchronized void prune(ChainState state) {
    Iterator<Map.Entry<Address, TreeMap<Long, Transaction>>> senders = bySender.entrySet().iterator();
    while (senders.hasNext()) {
      Map.Entry<Address, TreeMap<Long, Transaction>> entry = senders.next();
      Map<Long, Transaction> spent = entry.getValue().headMap(state.account(entry.getKey()).nonce());
      spent.values().forEach(tx -> known.remove(tx.hash()));
      spent.clear();
      if (entry.getValue().isEmpty()) {
        senders.remove();
      }
    }
  }
}
