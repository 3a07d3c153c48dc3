package io.cpchain.consensus.core;

import io.cpchain.consensus.api.CommittedBlock;
import io.cpchain.consensus.api.Message;
import io.cpchain.consensus.api.ValidatorSet;
import io.cpchain.consensus.api.Verdict;
import io.cpchain.crypto.sign.Address;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * Catching up by final blocks: a node that sees a message for a later height asks that peer for the
 * blocks it lacks; each comes with its certificate, verified (2f+1 validators' precommits for that
 * block and height) before the block is validated (executed) and committed. Serves the same
 * requests from its own store.
 */
final class BlockSync {

  private final Application app;
  private final Network network;
  private final LongSupplier clock;
  private final ConsensusConfig config;
  private final ValidatorSet validators;
  private final Consumer<String> reject;
  private long lastRequestMs = Long.MIN_VALUE;

  BlockSync(Application app, Network network, LongSupplier clock, ConsensusConfig config, Consumer<String> reject) {
    this.app = app;
    this.network = network;
    this.clock = clock;
    this.config = config;
    this.validators = app.validators();
    this.reject = reject;
  }

  /** Asks {@code peer} for the blocks from {@code height} on; at most a few times per propose timeout. */
  void request(Address peer, long height) {
    long now = clock.getAsLong();
    if (lastRequestMs == Long.MIN_VALUE || now - lastRequestMs >= config.proposeTimeoutMs() / 4) {
      lastRequestMs = now;
      network.send(peer, new Message.SyncRequest(height));
    }
  }

  void onRequest(Address from, long fromHeight) {
    List<CommittedBlock> blocks = new ArrayList<>();
    for (long h = fromHeight; h <= app.height() && blocks.size() < config.syncBatch(); h++) {
      app.committed(h).ifPresent(blocks::add);
    }
    if (!blocks.isEmpty()) {
      network.send(from, new Message.SyncResponse(blocks));
    }
  }

  /** Commits the blocks that follow the last final one, in order, until one is refused; true if any was. */
  boolean onResponse(List<CommittedBlock> blocks) {
    boolean advanced = false;
    for (CommittedBlock committed : blocks) {
      long height = app.height() + 1;
      if (committed.block().height() != height) {
        continue;
      }
      Verdict verdict = committed.qc().verify(committed.block().hash(), height, validators)
          .then(() -> app.validate(committed.block()));
      if (!verdict.ok()) {
        reject.accept("synced block " + height + " refused: " + verdict.reason());
        break;
      }
      app.commit(committed);
      advanced = true;
    }
    if (advanced) {
      lastRequestMs = Long.MIN_VALUE;
    }
    return advanced;
  }
}
