package io.cpchain.consensus.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.cpchain.consensus.api.CommittedBlock;
import io.cpchain.consensus.api.Verdict;
import io.cpchain.consensus.client.ChainClient;
import io.cpchain.consensus.client.Views;
import io.cpchain.consensus.state.Genesis;
import io.cpchain.consensus.testing.TestChain;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Four node processes on loopback for the ITCases ({@link TestChain}), with the checks those tests share. */
final class LocalCluster implements AutoCloseable {

  final TestChain chain;
  final ChainLayout layout;
  final Genesis genesis;

  LocalCluster(Path dir, Map<Integer, List<String>> misbehaviour) throws Exception {
    chain = new TestChain(dir, 2, misbehaviour);
    layout = chain.layout();
    genesis = chain.genesis();
  }

  /** Starts node i again and waits until its API answers. */
  void start(int i) throws InterruptedException {
    chain.start(i);
  }

  /** kill -9 of node i. */
  void kill(int i) throws InterruptedException {
    chain.kill(i);
  }

  ChainClient client(int i) {
    return chain.client(i);
  }

  void awaitHeight(int i, long height, long timeoutMs) throws InterruptedException {
    long deadline = System.currentTimeMillis() + timeoutMs;
    while (client(i).status().height() < height) {
      if (System.currentTimeMillis() > deadline) {
        throw new AssertionError("node " + i + " stuck at " + client(i).status().height() + ", wanted " + height
            + "; see " + layout.log(i));
      }
      Thread.sleep(100);
    }
  }

  /** Blocks 1..height are identical on the given nodes and each carries a valid certificate. */
  void assertSameChain(long height, int... nodes) throws Exception {
    for (long h = 1; h <= height; h++) {
      Views.BlockInfo first = client(nodes[0]).block(h).orElseThrow();
      CommittedBlock decoded = ChainClient.decode(first);
      assertEquals(Verdict.OK, decoded.qc().verify(decoded.block().hash(), h, genesis.validatorSet()),
          "certificate of " + h);
      for (int i = 1; i < nodes.length; i++) {
        Views.BlockInfo other = client(nodes[i]).block(h).orElseThrow();
        assertEquals(first.hash(), other.hash(), "block " + h + " on node " + nodes[0] + " and " + nodes[i]);
        assertEquals(first.stateRoot(), other.stateRoot());
      }
    }
  }

  @Override
  public void close() throws InterruptedException {
    chain.close();
  }
}
