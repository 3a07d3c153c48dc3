package io.cpchain.consensus.storage;

import io.cpchain.consensus.api.CommittedBlock;
import io.cpchain.consensus.api.Hash;
import io.cpchain.consensus.state.Receipt;
import java.util.List;
import java.util.Optional;

/**
 * Where a node keeps final blocks with their certificates, receipts, and its voting safety record.
 * {@link #append} and {@link #saveSafety} are durable when they return (a kill -9 right after loses
 * nothing).
 */
public interface BlockStore extends AutoCloseable {

  /** 0 when only genesis is known. */
  long lastHeight();

  Optional<CommittedBlock> block(long height);

  /** Appends the next final block (height {@code lastHeight() + 1}) with its receipts. */
  void append(CommittedBlock block, List<Receipt> receipts);

  Optional<Receipt> receipt(Hash txHash);

  /** The consensus core's record of what it signed and locked (opaque bytes). */
  void saveSafety(byte[] record);

  Optional<byte[]> loadSafety();

  @Override
  void close();
}
