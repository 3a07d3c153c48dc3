package io.cpchain.consensus.sim;

import io.cpchain.consensus.api.CommittedBlock;
import io.cpchain.consensus.api.Hash;
import io.cpchain.consensus.state.Receipt;
import io.cpchain.consensus.state.BlockStore;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The simulation's store: in memory, kept across a simulated crash (as fsync'd data would be). */
final class MemoryBlockStore implements BlockStore {

  private final List<CommittedBlock> blocks = new ArrayList<>();
  private final Map<Hash, Receipt> receipts = new HashMap<>();
  private byte[] safety;

  @Override
  public long lastHeight() {
    return blocks.size();
  }

  @Override
  public Optional<CommittedBlock> block(long height) {
    return height >= 1 && height <= blocks.size() ? Optional.of(blocks.get((int) height - 1)) : Optional.empty();
  }

  @Override
  public void append(CommittedBlock block, List<Receipt> blockReceipts) {
    if (block.block().height() != blocks.size() + 1) {
      throw new IllegalStateException("append out of order");
    }
    blocks.add(block);
    blockReceipts.forEach(r -> receipts.put(r.txHash(), r));
  }

  @Override
  public Optional<Receipt> receipt(Hash txHash) {
    return Optional.ofNullable(receipts.get(txHash));
  }

  @Override
  public void saveSafety(byte[] record) {
    safety = record.clone();
  }

  @Override
  public Optional<byte[]> loadSafety() {
    return Optional.ofNullable(safety);
  }

  @Override
  public void close() {}
}
