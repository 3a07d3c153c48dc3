package io.cpchain.consensus.state;

import io.cpchain.consensus.api.CommittedBlock;
import io.cpchain.consensus.api.Hash;
import io.cpchain.consensus.core.SafetyStore;
import java.util.List;
import java.util.Optional;

/**
 * Where a node keeps final blocks with their certificates, receipts, and its voting safety record:
 * what the state machine ({@link ChainApplication}) and the core ({@link SafetyStore}) need, which
 * {@code storage} implements. {@link #append} and {@link #saveSafety} are durable when they return
 * (a kill -9 right after loses nothing).
 */
public interface BlockStore extends SafetyStore, AutoCloseable {

  /** 0 when only genesis is known. */
  long lastHeight();

  Optional<CommittedBlock> block(long height);

  /** Appends the next final block (height {@code lastHeight() + 1}) with its receipts. */
  void append(CommittedBlock block, List<Receipt> receipts);

  Optional<Receipt> receipt(Hash txHash);

  @Override
  void close();
}
