package io.cpchain.consensus.core;

/**
 * Timing and batching of the core. A round's timeouts grow as {@code base * 2^min(round, 4)} so a
 * partitioned network eventually has rounds long enough to finish (partial synchrony).
 * {@code emptyBlockIntervalMs}: an idle proposer waits this long for transactions before proposing
 * an empty block. {@code maxProposalAheadMs}: how far past its own clock a validator accepts a fresh
 * proposal's time (the clocks' drift); every later block must be dated after it, so one accepted
 * block dated years ahead would move the chain's time, and every expiry with it, for good.
 */
public record ConsensusConfig(long proposeTimeoutMs, long voteTimeoutMs, long emptyBlockIntervalMs, int maxBlockTxs,
    int syncBatch, long maxProposalAheadMs) {

  /** Timeouts double per round up to 2^4 = 16 times the base: long enough, never minutes. */
  static final int MAX_DOUBLINGS = 4;

  // CometBFT-like: a proposal of a full block must arrive, be decoded and executed on a loaded machine.
  public static final ConsensusConfig DEFAULT = new ConsensusConfig(3000, 1000, 1000, 2000, 64, 10_000);

  public ConsensusConfig {
    if (proposeTimeoutMs < 1 || voteTimeoutMs < 1 || emptyBlockIntervalMs < 0 || maxBlockTxs < 1 || syncBatch < 1
        || maxProposalAheadMs < 0) {
      throw new IllegalArgumentException("consensus timeouts, block size, sync batch and proposal drift must be positive");
    }
  }

  long proposeTimeout(int round) {
    return proposeTimeoutMs << Math.min(round, MAX_DOUBLINGS);
  }

  long voteTimeout(int round) {
    return voteTimeoutMs << Math.min(round, MAX_DOUBLINGS);
  }
}
