package io.cpchain.consensus.state;

import io.cpchain.consensus.api.Block;
import io.cpchain.consensus.api.BlockHeader;
import io.cpchain.consensus.api.CommittedBlock;
import io.cpchain.consensus.api.Hash;
import io.cpchain.consensus.api.Transaction;
import io.cpchain.consensus.api.ValidatorSet;
import io.cpchain.consensus.api.Verdict;
import io.cpchain.consensus.core.Application;
import io.cpchain.crypto.sign.Address;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The replicated state machine behind the consensus core: builds blocks from the mempool, validates
 * proposed blocks by executing them on a copy of the state, and on commit stores the block and
 * publishes the new state. On start it replays the stored blocks (state is derived from them).
 * Reads ({@link #state()}) are safe from any thread: a published state is never mutated.
 */
public final class ChainApplication implements Application {

  /** A proposal's transactions stop here (a frame between nodes is at most 64 MiB; proxy faults may be 1 MiB each). */
  static final long MAX_PROPOSAL_BYTES = 16L << 20;

  private record Executed(ChainState state, List<Receipt> receipts) {}

  private final Genesis genesis;
  private final BlockStore store;
  private final Mempool mempool;
  private final int maxBlockTxs;
  private final ValidatorSet validators;
  private final Map<Hash, Executed> executed = new HashMap<>();
  private final List<Consumer<CommittedBlock>> listeners = new CopyOnWriteArrayList<>();
  private volatile ChainState state;

  public ChainApplication(Genesis genesis, BlockStore store, Mempool mempool, int maxBlockTxs) {
    this.genesis = genesis;
    this.store = store;
    this.mempool = mempool;
    this.maxBlockTxs = maxBlockTxs;
    this.validators = genesis.validatorSet();
    ChainState replayed = ChainState.genesis(genesis);
    for (long h = 1; h <= store.lastHeight(); h++) {
      Block block = store.block(h).orElseThrow(() -> new IllegalStateException("stored chain has a gap")).block();
      try {
        replayed.execute(block);
      } catch (InvalidTransactionException e) {
        throw new IllegalStateException("stored block " + block + " does not replay: " + e.getMessage(), e);
      }
      replayed.seal(block);
    }
    this.state = replayed;
  }

  public ChainState state() {
    return state;
  }

  public Mempool mempool() {
    return mempool;
  }

  public BlockStore store() {
    return store;
  }

  /** Called on the consensus thread after each final block is stored. */
  public void onCommit(Consumer<CommittedBlock> listener) {
    listeners.add(listener);
  }

  /** Whether the transaction went into the mempool, and if not why. */
  public Verdict submit(Transaction tx) {
    return mempool.add(tx, state);
  }

  @Override
  public long height() {
    return state.height();
  }

  @Override
  public ValidatorSet validators() {
    return validators;
  }

  @Override
  public long lastTimestampMs() {
    return state.lastTimestamp();
  }

  @Override
  public Address proposer(long height, int round) {
    return state.proposer(height, round);
  }

  @Override
  public boolean hasPendingTxs() {
    return !mempool.isEmpty();
  }

  @Override
  public Block propose(int round, long timestampMs) {
    ChainState next = state.copy();
    long height = state.height() + 1;
    Address proposer = state.proposer(height, round);
    next.beginBlock(height, round, proposer, timestampMs);
    List<Transaction> txs = new ArrayList<>();
    List<Receipt> receipts = new ArrayList<>();
    long bytes = 0;
    for (Transaction tx : mempool.candidates(state, maxBlockTxs)) {
      if (bytes + tx.size() > MAX_PROPOSAL_BYTES) {
        break; // the rest waits for the next block
      }
      try {
        receipts.add(next.apply(tx, txs.size()));
        txs.add(tx);
        bytes += tx.size();
      } catch (InvalidTransactionException skipped) {
        // another transaction of this block used the nonce: leave it out
      }
    }
    BlockHeader header = new BlockHeader(genesis.chainId(), height, round, state.lastHash(), proposer, timestampMs,
        Block.txRoot(txs), next.stateRoot());
    Block block = new Block(header, txs);
    executed.put(block.hash(), new Executed(next, receipts));
    mempool.hold(txs);
    return block;
  }

  @Override
  public Verdict validate(Block block) {
    if (executed.containsKey(block.hash())) {
      return Verdict.OK;
    }
    BlockHeader header = block.header();
    ChainState current = state;
    if (header.chainId() != genesis.chainId()) {
      return Verdict.refused("wrong chain id");
    }
    if (header.height() != current.height() + 1 || !header.prevHash().equals(current.lastHash())) {
      return Verdict.refused("does not extend the last final block");
    }
    if (header.round() < 0 || !header.proposer().equals(current.proposer(header.height(), header.round()))) {
      return Verdict.refused("proposer is not the slot's committee member");
    }
    if (header.timestampMs() <= current.lastTimestamp()) {
      return Verdict.refused("timestamp not after the parent's");
    }
    if (block.txs().size() > maxBlockTxs) {
      return Verdict.refused("more than " + maxBlockTxs + " transactions");
    }
    if (!header.txRoot().equals(Block.txRoot(block.txs()))) {
      return Verdict.refused("transaction root mismatch");
    }
    ChainState next = current.copy();
    List<Receipt> receipts;
    try {
      receipts = next.execute(block);
    } catch (InvalidTransactionException e) {
      return Verdict.refused("transaction not includable: " + e.getMessage());
    }
    if (!header.stateRoot().equals(next.stateRoot())) {
      return Verdict.refused("state root mismatch");
    }
    executed.put(block.hash(), new Executed(next, receipts));
    mempool.hold(block.txs());
    return Verdict.OK;
  }

  @Override
  public void commit(CommittedBlock committed) {
    Block block = committed.block();
    Executed result = executed.get(block.hash());
    if (result == null) {
      throw new IllegalStateException("commit of a block that was not validated: " + block);
    }
    store.append(committed, result.receipts());
    result.state().seal(block);
    state = result.state();
    executed.clear();
    mempool.prune(state);
    listeners.forEach(listener -> listener.accept(committed));
  }

  @Override
  public Optional<CommittedBlock> committed(long height) {
    return store.block(height);
  }

  public Optional<Receipt> receipt(Hash txHash) {
    return store.receipt(txHash);
  }
}
