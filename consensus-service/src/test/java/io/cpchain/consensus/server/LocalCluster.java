package io.cpchain.consensus.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.cpchain.consensus.api.CommittedBlock;
import io.cpchain.consensus.client.ChainClient;
import io.cpchain.consensus.client.Views;
import io.cpchain.consensus.core.ConsensusConfig;
import io.cpchain.consensus.state.Genesis;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/** Four node processes on loopback for the ITCases, on free ports, stopped at the end. */
final class LocalCluster implements AutoCloseable {

  static final ConsensusConfig TEST_TIMINGS = new ConsensusConfig(600, 300, 200, 5000, 64);

  final ChainLayout layout;
  final Genesis genesis;
  final NodeProcess[] processes;
  final ChainClient[] clients;

  LocalCluster(Path dir, Map<Integer, String> extraYaml) throws Exception {
    int base = freeBase(8);
    layout = ChainLayout.create(dir, 4, 2, base, base + 4, TEST_TIMINGS, extraYaml);
    genesis = GenesisFile.read(dir.resolve("genesis.yaml"));
    processes = new NodeProcess[4];
    clients = new ChainClient[4];
    for (int i = 1; i <= 4; i++) {
      start(i);
      clients[i - 1] = new ChainClient(layout.api(i));
    }
    for (int i = 1; i <= 4; i++) {
      awaitUp(i);
    }
  }

  void start(int i) {
    processes[i - 1] = NodeProcess.start(layout.nodeConfig(i), layout.log(i), List.of("-Xmx256m", "-XX:+UseSerialGC"));
  }

  ChainClient client(int i) {
    return clients[i - 1];
  }

  void awaitUp(int i) throws InterruptedException {
    long deadline = System.currentTimeMillis() + 60_000;
    while (true) {
      try {
        client(i).status();
        return;
      } catch (RuntimeException notYet) {
        if (System.currentTimeMillis() > deadline || !processes[i - 1].isAlive()) {
          throw new AssertionError("node " + i + " did not come up; see " + layout.log(i), notYet);
        }
        Thread.sleep(200);
      }
    }
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
      assertNull(decoded.qc().verify(decoded.block().hash(), h, genesis.validatorSet()), "certificate of " + h);
      for (int i = 1; i < nodes.length; i++) {
        Views.BlockInfo other = client(nodes[i]).block(h).orElseThrow();
        assertEquals(first.hash(), other.hash(), "block " + h + " on node " + nodes[0] + " and " + nodes[i]);
        assertEquals(first.stateRoot(), other.stateRoot());
      }
    }
  }

  private static int freeBase(int count) throws IOException {
    for (int attempt = 0; attempt < 50; attempt++) {
      int base = 20_000 + ThreadLocalRandom.current().nextInt(20_000);
      if (allFree(base, count)) {
        return base;
      }
    }
    throw new IOException("no run of " + count + " free ports");
  }

  private static boolean allFree(int base, int count) {
    for (int port = base; port < base + count; port++) {
      try (ServerSocket probe = new ServerSocket(port)) {
        probe.setReuseAddress(true);
      } catch (IOException taken) {
        return false;
      }
    }
    return true;
  }

  @Override
  public void close() throws InterruptedException {
    for (NodeProcess p : processes) {
      if (p != null) {
        p.stop();
      }
    }
  }
}
