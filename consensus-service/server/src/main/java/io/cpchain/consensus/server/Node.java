package io.cpchain.consensus.server;

import io.cpchain.consensus.api.CommittedBlock;
import io.cpchain.consensus.api.SenderCache;
import io.cpchain.consensus.api.Transaction;
import io.cpchain.consensus.api.Verdict;
import io.cpchain.consensus.core.Network;
import io.cpchain.consensus.core.Timeout;
import io.cpchain.consensus.node.Replica;
import io.cpchain.consensus.state.Genesis;
import io.cpchain.consensus.storage.RocksDbBlockStore;
import io.cpchain.consensus.transport.PeerTransport;
import io.cpchain.crypto.sign.AccountPrivateKey;
import io.cpchain.crypto.sign.Address;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A chain node: the {@link Replica} driven by one consensus thread, fed by the peer transport, the
 * timers and the HTTP API, with its blocks in RocksDB. Everything that touches the replica runs on
 * that thread; the API reads published (immutable) state and the store directly.
 */
public final class Node implements AutoCloseable {

  private static final Logger LOG = Logger.getLogger(Node.class.getName());

  private final NodeConfig config;
  private final AccountPrivateKey key;
  private final Genesis genesis;
  private final UnaryOperator<Network> outbound;
  private final ScheduledExecutorService loop;
  private final SenderCache senders = new SenderCache(); // this node's: every decode it does shares it
  private final RocksDbBlockStore store;
  private PeerTransport transport;
  private Replica replica;
  private ApiServer api;

  public Node(NodeConfig config, AccountPrivateKey key, Genesis genesis) {
    this(config, key, genesis, UnaryOperator.identity());
  }

  /**
   * {@code outbound} wraps what the core sends through (the peer transport): identity for a real
   * node; the test-jar's nodes drop, delay or lie there.
   */
  public Node(NodeConfig config, AccountPrivateKey key, Genesis genesis, UnaryOperator<Network> outbound) {
    this.config = config;
    this.key = key;
    this.genesis = genesis;
    this.outbound = outbound;
    this.loop = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "consensus");
      t.setDaemon(true);
      return t;
    });
    this.store = new RocksDbBlockStore(config.dataDir().resolve("blocks"), senders);
  }

  public void start() throws IOException {
    transport = new PeerTransport(key, genesis.chainId(), config.listen(), config.peers(),
        (from, message) -> onLoop(() -> replica.onMessage(from, message)), senders);
    Network network = outbound.apply(transport);
    replica = new Replica(key, genesis, store, config.consensus(), network,
        (timeout, delay) -> {
          if (!loop.isShutdown()) {
            loop.schedule(() -> guarded(() -> onTimeout(timeout)), delay, TimeUnit.MILLISECONDS);
          }
        },
        System::currentTimeMillis);
    replica.app().onCommit(this::logCommit);
    call(() -> {
      replica.start();
      return null;
    });
    transport.start();
    api = new ApiServer(this, config.api(), senders);
    api.start();
    LOG.info(config.name() + " (" + key.publicKey().address() + ") at height " + replica.app().height()
        + ", peers on " + config.listen() + ", API on http://" + config.api().getHostString() + ":"
        + config.api().getPort());
  }

  /** Round-changing timeouts are rare when all is well: each is logged with the core's state. */
  private void onTimeout(Timeout timeout) {
    boolean current = timeout.height() == replica.core().height() && timeout.round() == replica.core().round();
    String before = current && timeout.kind() != Timeout.Kind.RESEND && timeout.kind() != Timeout.Kind.PROPOSE_WAIT
        ? replica.core().describe() : null;
    replica.onTimeout(timeout);
    if (before != null && replica.core().round() != timeout.round() || before != null
        && timeout.kind() == Timeout.Kind.PROPOSE && replica.core().height() == timeout.height()) {
      LOG.info("timeout " + timeout.kind() + " at " + timeout.height() + "/" + timeout.round() + " (proposer "
          + replica.app().proposer(timeout.height(), timeout.round()) + "): " + before);
    }
  }

  private void logCommit(CommittedBlock committed) {
    if (LOG.isLoggable(Level.FINE) || committed.block().height() % 100 == 0 || committed.qc().round() > 0) {
      LOG.info("final " + committed.block() + " round " + committed.qc().round());
    }
  }

  public Genesis genesis() {
    return genesis;
  }

  public Address address() {
    return key.publicKey().address();
  }

  public Replica replica() {
    return replica;
  }

  /** Adds to the mempool and gossips; one verdict per transaction. */
  public List<Verdict> submit(List<Transaction> txs) {
    return call(() -> replica.submit(txs));
  }

  /** The core's state, read on its own thread. */
  public String describeConsensus() {
    return call(() -> replica.core().describe());
  }

  public void onCommit(Consumer<CommittedBlock> listener) {
    replica.app().onCommit(listener);
  }

  private void onLoop(Runnable task) {
    try {
      loop.execute(() -> guarded(task));
    } catch (RejectedExecutionException closing) {
      // the node is shutting down: messages still in flight are dropped
    }
  }

  private static void guarded(Runnable task) {
    try {
      task.run();
    } catch (RuntimeException e) {
      LOG.log(Level.SEVERE, "consensus task failed", e);
    }
  }

  private <T> T call(Callable<T> task) {
    try {
      return loop.submit(task).get(30, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      throw new IllegalStateException(e.getCause().getMessage(), e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted");
    } catch (TimeoutException e) {
      throw new IllegalStateException("the consensus thread is not answering");
    }
  }

  @Override
  public void close() {
    if (api != null) {
      api.close();
    }
    if (transport != null) {
      transport.close();
    }
    loop.shutdown();
    try {
      loop.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    store.close();
  }

}
