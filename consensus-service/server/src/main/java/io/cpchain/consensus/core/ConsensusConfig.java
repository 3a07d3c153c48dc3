package io.cpchain.consensus.core;

/**
 * Timing and batching of the core. A round's timeouts grow as {@code base * 2^min(round, 4)} so a
 * partitioned network eventually has rounds long enough to finish (partial synchrony).
 * {@code emptyBlockIntervalMs}: an idle proposer waits this long for transactions before proposing
 * an empty block.
 */
public record ConsensusConfig(long proposeTimeoutMs, long voteTimeoutMs, long emptyBlockIntervalMs, int maxBlockTxs,
    int syncBatch) {

  /** Timeouts double per round up to 2^4 = 16 times the base: long enough, never minutes. */
  static final int MAX_DOUBLINGS = 4;

  // CometBFT-like: a proposal of a full block must arrive, be decoded and executed on a loaded machine.
  public static final ConsensusConfig DEFAULT = new ConsensusConfig(3000, 1000, 1000, 2000, 64);

  public ConsensusConfig {
    if (proposeTimeoutMs < 1 || voteTimeoutMs < 1 || emptyBlockIntervalMs < 0 || maxBlockTxs < 1 || syncBatch < 1) {
      throw new IllegalArgumentException("consensus timeouts, block size and sync batch must be positive");
    }
  }

  long proposeTimeout(int round) {
    return proposeTimeoutMs << Math.min(round, MAX_DOUBLINGS);
  }

  long voteTimeout(int round) {
    return voteTimeoutMs << Math.min(round, MAX_DOUBLINGS);
  }
}
