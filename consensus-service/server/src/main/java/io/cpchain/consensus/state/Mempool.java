package io.cpchain.consensus.state;

import io.cpchain.consensus.api.Hash;
import io.cpchain.consensus.api.Transaction;
import io.cpchain.consensus.api.Verdict;
import io.cpchain.crypto.sign.Address;
import java.util.ArrayList;
import java.util.HashMap;
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
 *
 * <p>Admission (there are no fees, so sending costs nothing; what a sender holds decides how much
 * of the pool it may use). A <em>funded</em> account is an RNode or holds at least the genesis
 * {@code minDeposit}: someone with stake paid it. It may have {@link #MAX_AHEAD} pending. Any other
 * account (a fresh key, e.g. a vehicle owner granting) may have {@link #UNFUNDED_PER_SENDER}
 * pending, and all such accounts together {@link #UNFUNDED_TOTAL} transactions and
 * {@link #UNFUNDED_BYTES}; a block takes them only after every funded sender's, at most a quarter
 * of it. So fresh keys cost nothing to make but cannot crowd out funded senders, and a handful of
 * them cannot crowd out other fresh keys either. When the pool (or the unfunded share) is full, a
 * newcomer evicts the newest transaction of the sender holding the most, unfunded senders first,
 * if that sender holds more than the newcomer's sender would; never one a block proposal holds.
 */
public final class Mempool {

  /** How far past a sender's next nonce a funded sender's transaction may wait here, so gaps cannot fill the pool. */
  public static final long MAX_AHEAD = 10_000;
  /** Pending transactions of an account below the minimum deposit: its nonces next .. next + 15. */
  public static final int UNFUNDED_PER_SENDER = 16;
  /** Pending transactions of all accounts below the minimum deposit together. */
  public static final int UNFUNDED_TOTAL = 2_048;
  public static final long UNFUNDED_BYTES = 8L << 20;
  /** Encoded bytes of all pending transactions (a proxy fault's evidence may be 1 MiB). */
  public static final long MAX_BYTES = 128L << 20;

  private static final class Pending {
    final TreeMap<Long, Transaction> txs = new TreeMap<>();
    long bytes;
    boolean funded;

    Pending(boolean funded) {
      this.funded = funded;
    }
  }

  private final int capacity;
  private final Map<Address, Pending> bySender = new LinkedHashMap<>();
  private final Set<Hash> known = new HashSet<>();
  private final Set<Hash> held = new HashSet<>();
  private long bytes;
  private int unfundedCount;
  private long unfundedBytes;

  public Mempool(int capacity) {
    this.capacity = capacity;
  }

  /** Funded: an RNode, or a balance that could pay the deposit. */
  static boolean funded(ChainState state, Address account) {
    return state.deposit(account).isPresent()
        || state.account(account).balance() >= state.genesisConfig().minDeposit();
  }

  /** Whether it was accepted, and if not why (one line). */
  public synchronized Verdict add(Transaction tx, ChainState state) {
    if (known.contains(tx.hash())) {
      return Verdict.refused("transaction already pending");
    }
    Verdict admissible = state.admissible(tx);
    if (!admissible.ok() && !admissible.reason().contains("ahead of")) {
      return admissible;
    }
    Address sender = tx.sender();
    Pending pending = bySender.get(sender);
    boolean funded = pending != null ? pending.funded : funded(state, sender);
    long next = state.account(sender).nonce();
    if (funded && tx.nonce() > next + MAX_AHEAD) {
      return Verdict.refused("nonce " + tx.nonce() + " is more than " + MAX_AHEAD + " ahead of the sender's next one");
    }
    if (!funded && tx.nonce() >= next + UNFUNDED_PER_SENDER) {
      return Verdict.refused("an account below the minimum deposit (" + state.genesisConfig().minDeposit()
          + ") may have " + UNFUNDED_PER_SENDER + " pending transactions, nonces " + next + ".." + (next
          + UNFUNDED_PER_SENDER - 1) + "; wait for those to be final, or fund the account");
    }
    if (pending != null && pending.txs.containsKey(tx.nonce())) {
      return Verdict.refused("nonce " + tx.nonce() + " already pending (replay)");
    }
    int size = tx.size();
    int fairShare = (pending == null ? 0 : pending.txs.size()) + 2; // a victim must hold more than the sender would
    if (!funded) {
      while (unfundedCount >= UNFUNDED_TOTAL || unfundedBytes + size > UNFUNDED_BYTES) {
        if (!evictFrom(false, sender, fairShare)) {
          return Verdict.refused("the mempool's share for accounts below the minimum deposit is full ("
              + UNFUNDED_TOTAL + " transactions, " + (UNFUNDED_BYTES >> 20) + " MiB); retry later, or fund the account");
        }
      }
    }
    while (known.size() >= capacity || bytes + size > MAX_BYTES) {
      if (!(evictFrom(false, sender, funded ? 1 : fairShare) || funded && evictFrom(true, sender, fairShare))) {
        return Verdict.refused("mempool full (" + capacity + " transactions, " + (MAX_BYTES >> 20)
            + " MiB); retry later");
      }
    }
    if (pending == null) {
      pending = new Pending(funded);
      bySender.put(sender, pending);
    }
    pending.txs.put(tx.nonce(), tx);
    pending.bytes += size;
    known.add(tx.hash());
    bytes += size;
    if (!pending.funded) {
      unfundedCount++;
      unfundedBytes += size;
    }
    return Verdict.OK;
  }

  /**
   * Evicts the newest transaction of the sender, funded or not as asked, that holds the most, at
   * least {@code atLeast}; the newcomer's own sender and transactions a proposal holds are spared.
   * False if there is no such sender.
   */
  private boolean evictFrom(boolean fundedSenders, Address newcomer, int atLeast) {
    Pending victim = null;
    Address victimSender = null;
    for (Map.Entry<Address, Pending> entry : bySender.entrySet()) {
      Pending p = entry.getValue();
      if (p.funded != fundedSenders || entry.getKey().equals(newcomer) || p.txs.size() < atLeast
          || held.contains(p.txs.lastEntry().getValue().hash())) {
        continue;
      }
      if (victim == null || p.txs.size() > victim.txs.size()) {
        victim = p;
        victimSender = entry.getKey();
      }
    }
    if (victim == null) {
      return false;
    }
    remove(victimSender, victim, victim.txs.lastEntry().getValue());
    return true;
  }

  private void remove(Address sender, Pending pending, Transaction tx) {
    int size = tx.size();
    pending.txs.remove(tx.nonce());
    pending.bytes -= size;
    known.remove(tx.hash());
    bytes -= size;
    if (!pending.funded) {
      unfundedCount--;
      unfundedBytes -= size;
    }
    if (pending.txs.isEmpty()) {
      bySender.remove(sender);
    }
  }

  public synchronized boolean isEmpty() {
    return known.isEmpty();
  }

  public synchronized int size() {
    return known.size();
  }

  /** Pending transactions of accounts below the minimum deposit. */
  public synchronized int unfundedSize() {
    return unfundedCount;
  }

  /**
   * Up to {@code max} transactions that can run in this order on {@code state}: each sender's next
   * nonces, funded senders first, then unfunded ones up to a quarter of {@code max}.
   */
  public synchronized List<Transaction> candidates(ChainState state, int max) {
    List<Transaction> out = new ArrayList<>();
    for (boolean funded : new boolean[] {true, false}) {
      int limit = funded ? max : Math.min(max, out.size() + Math.max(1, max / 4));
      for (Map.Entry<Address, Pending> entry : bySender.entrySet()) {
        if (entry.getValue().funded != funded) {
          continue;
        }
        long next = state.account(entry.getKey()).nonce();
        for (Transaction tx : entry.getValue().txs.tailMap(next, true).values()) {
          if (tx.nonce() != next++ || out.size() >= limit) {
            break;
          }
          out.add(tx);
        }
        if (out.size() >= limit) {
          break;
        }
      }
    }
    return out;
  }

  /** Marks transactions a block proposal holds: they are not evicted until the next block is final. */
  public synchronized void hold(List<Transaction> txs) {
    txs.forEach(tx -> {
      if (known.contains(tx.hash())) {
        held.add(tx.hash());
      }
    });
  }

  /**
   * Drops what the new state has used up: included transactions and any others with a spent nonce;
   * releases what proposals held; classes each sender again by what it now holds, keeping an
   * account that fell below the minimum deposit to its first {@link #UNFUNDED_PER_SENDER}.
   */
  public synchronized void prune(ChainState state) {
    held.clear();
    Iterator<Map.Entry<Address, Pending>> senders = bySender.entrySet().iterator();
    unfundedCount = 0;
    unfundedBytes = 0;
    while (senders.hasNext()) {
      Map.Entry<Address, Pending> entry = senders.next();
      Pending pending = entry.getValue();
      long next = state.account(entry.getKey()).nonce();
      pending.funded = funded(state, entry.getKey());
      Map<Long, Transaction> dropped = new HashMap<>(pending.txs.headMap(next));
      if (!pending.funded) {
        dropped.putAll(pending.txs.tailMap(next + UNFUNDED_PER_SENDER));
      }
      for (Transaction tx : dropped.values()) {
        pending.txs.remove(tx.nonce());
        pending.bytes -= tx.size();
        bytes -= tx.size();
        known.remove(tx.hash());
      }
      if (pending.txs.isEmpty()) {
        senders.remove();
      } else if (!pending.funded) {
        unfundedCount += pending.txs.size();
        unfundedBytes += pending.bytes;
      }
    }
  }
}
