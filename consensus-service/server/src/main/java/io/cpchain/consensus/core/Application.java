package io.cpchain.consensus.core;

import io.cpchain.consensus.api.Block;
import io.cpchain.consensus.api.CommittedBlock;
import io.cpchain.consensus.api.ValidatorSet;
import io.cpchain.consensus.api.Verdict;
import io.cpchain.crypto.sign.Address;
import java.util.Optional;

/** What the consensus core needs of the chain: the replicated state machine behind it. */
public interface Application {

  /** Height of the last final block (0: genesis). */
  long height();

  ValidatorSet validators();

  /** Timestamp of the last final block (0 at genesis): a new block's must be later. */
  long lastTimestampMs();

  Address proposer(long height, int round);

  boolean hasPendingTxs();

  /** Builds the next block from pending transactions. */
  Block propose(int round, long timestampMs);

  /** Whether {@code block} is a valid next block (links, proposer, roots, every transaction), and if not why. */
  Verdict validate(Block block);

  /** Makes a validated block final: executes it, stores it durably with its certificate. */
  void commit(CommittedBlock committed);

  Optional<CommittedBlock> committed(long height);
}
