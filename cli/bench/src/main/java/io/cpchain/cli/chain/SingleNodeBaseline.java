package io.cpchain.cli.chain;

import io.cpchain.cli.bench.Stopwatch;
import io.cpchain.consensus.api.Block;
import io.cpchain.consensus.api.CodecException;
import io.cpchain.consensus.api.CommittedBlock;
import io.cpchain.consensus.api.QuorumCertificate;
import io.cpchain.consensus.api.Transaction;
import io.cpchain.consensus.api.Vote;
import io.cpchain.consensus.core.ConsensusConfig;
import io.cpchain.consensus.state.ChainApplication;
import io.cpchain.consensus.state.Genesis;
import io.cpchain.consensus.state.Mempool;
import io.cpchain.consensus.storage.RocksDbBlockStore;
import io.cpchain.crypto.sign.AccountPrivateKey;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The benchmark's baseline: one node appending the same signed transactions with no consensus.
 * The same code path as a node minus the network and the votes: decode (recovering senders, on all
 * cores as a node's connections do), mempool, build and execute blocks, store them fsync'd with a
 * one-signature certificate.
 */
final class SingleNodeBaseline {

  private SingleNodeBaseline() {}

  /**
   * Appends {@code warmup} (untimed: the JIT compiles, and their nonces come first), then {@code
   * measured}: transactions per second from the first decode to the last block stored.
   */
  static double run(Genesis cluster, List<byte[]> warmup, List<byte[]> measured, Path dir) {
    AccountPrivateKey key = AccountPrivateKey.generate();
    Genesis single = new Genesis(cluster.chainId(), List.of(key.publicKey().address()), cluster.balances(),
        Map.of(key.publicKey().address(), cluster.minDeposit()), cluster.termLength(), 1, 0,
        cluster.reputationWindow(), cluster.weights(), cluster.minDeposit());
    try (RocksDbBlockStore store = new RocksDbBlockStore(dir)) {
      ChainApplication app = new ChainApplication(single, store, new Mempool(warmup.size() + measured.size() + 1),
          ConsensusConfig.DEFAULT.maxBlockTxs());
      append(app, key, warmup);
      Stopwatch appending = Stopwatch.start();
      append(app, key, measured);
      return appending.perSecond(measured.size());
    }
  }

  private static void append(ChainApplication app, AccountPrivateKey key, List<byte[]> encoded) {
    List<Transaction> txs = encoded.parallelStream().map(SingleNodeBaseline::decode).toList();
    for (Transaction tx : txs) {
      var verdict = app.submit(tx);
      if (!verdict.ok()) {
        throw new IllegalStateException("baseline refused a transaction: " + verdict.reason());
      }
    }
    long chainId = app.validators().chainId();
    while (!app.mempool().isEmpty()) {
      Block block = app.propose(0, app.lastTimestampMs() + 1);
      if (block.txs().isEmpty()) {
        throw new IllegalStateException("baseline: pending transactions cannot be included (nonce gap)");
      }
      Vote vote = Vote.sign(key, Vote.VoteType.PRECOMMIT, chainId, block.height(), 0, block.hash());
      app.commit(new CommittedBlock(block, new QuorumCertificate(chainId, block.height(), 0, block.hash(),
          List.of(vote.signature()))));
    }
  }

  private static Transaction decode(byte[] bytes) {
    try {
      return Transaction.decode(bytes);
    } catch (CodecException e) {
      throw new IllegalStateException("the benchmark signed a malformed transaction: " + e.getMessage(), e);
    }
  }
}
