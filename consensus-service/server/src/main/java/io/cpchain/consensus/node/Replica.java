package io.cpchain.consensus.node;

import io.cpchain.consensus.api.Message;
import io.cpchain.consensus.api.Transaction;
import io.cpchain.consensus.api.Verdict;
import io.cpchain.consensus.core.ConsensusConfig;
import io.cpchain.consensus.core.ConsensusCore;
import io.cpchain.consensus.core.Network;
import io.cpchain.consensus.core.Timeout;
import io.cpchain.consensus.core.Timers;
import io.cpchain.consensus.state.ChainApplication;
import io.cpchain.consensus.state.Genesis;
import io.cpchain.consensus.state.Mempool;
import io.cpchain.consensus.state.BlockStore;
import io.cpchain.crypto.sign.AccountPrivateKey;
import io.cpchain.crypto.sign.Address;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * One chain node's logic without I/O: the consensus core, the state machine and the mempool, fed
 * messages, timeouts and client transactions. The node process drives it from one thread over real
 * sockets; the simulation drives it from its event queue. Not thread-safe: one caller at a time.
 */
public final class Replica {

  public static final int MEMPOOL_CAPACITY = 200_000;

  private final ChainApplication app;
  private final ConsensusCore core;
  private final Network network;

  public Replica(AccountPrivateKey key, Genesis genesis, BlockStore store, ConsensusConfig config, Network network,
      Timers timers, LongSupplier clock) {
    this.app = new ChainApplication(genesis, store, new Mempool(MEMPOOL_CAPACITY), config.maxBlockTxs());
    this.core = new ConsensusCore(key, app, network, timers, clock, config, store);
    this.network = network;
  }

  public void start() {
    core.start();
  }

  public ChainApplication app() {
    return app;
  }

  public ConsensusCore core() {
    return core;
  }

  /** Client transactions: into the mempool and on to the peers; returns one verdict per transaction. */
  public List<Verdict> submit(List<Transaction> txs) {
    List<Verdict> verdicts = new ArrayList<>(txs.size());
    List<Transaction> accepted = new ArrayList<>(txs.size());
    for (Transaction tx : txs) {
      Verdict verdict = app.submit(tx);
      verdicts.add(verdict);
      if (verdict.ok()) {
        accepted.add(tx);
      }
    }
    if (!accepted.isEmpty()) {
      network.broadcast(new Message.TxsMessage(accepted));
      core.onTxsAvailable();
    }
    return verdicts;
  }

  public void onMessage(Address from, Message message) {
    if (message instanceof Message.TxsMessage txs) {
      boolean any = false;
      for (Transaction tx : txs.txs()) {
        any |= app.submit(tx).ok();
      }
      if (any) {
        core.onTxsAvailable();
      }
    } else {
      core.onMessage(from, message);
    }
  }

  public void onTimeout(Timeout timeout) {
    core.onTimeout(timeout);
  }
}
