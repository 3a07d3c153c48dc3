package io.cpchain.consensus.testing;

import io.cpchain.consensus.api.ValidatorSet;
import io.cpchain.consensus.client.ChainClient;
import io.cpchain.consensus.core.ConsensusConfig;
import io.cpchain.consensus.server.ChainLayout;
import io.cpchain.consensus.server.GenesisFile;
import io.cpchain.consensus.server.NodeProcess;
import io.cpchain.consensus.server.TestNodeMain;
import io.cpchain.consensus.state.Genesis;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Four chain node processes on free loopback ports for the ITCases; all can be stopped and started again. */
public final class TestChain implements AutoCloseable {

  /** Short timeouts: a local test chain decides in milliseconds. */
  public static final ConsensusConfig FAST = new ConsensusConfig(600, 300, 200, 5000, 64, 10_000);
  public static final int NODES = 4;

  /** Node processes are small. */
  public static final List<String> JVM = List.of("-Xmx256m", "-XX:+UseSerialGC");

  private final ChainLayout layout;
  private final Map<Integer, List<String>> misbehaviour;
  private final NodeProcess[] processes = new NodeProcess[NODES];

  public TestChain(Path dir, int clients) throws Exception {
    this(dir, clients, Map.of());
  }

  /**
   * {@code misbehaviour}: for node i, the options of {@link TestNodeMain} it runs with (faults, a
   * Byzantine mode); the other nodes are real ones.
   */
  public TestChain(Path dir, int clients, Map<Integer, List<String>> misbehaviour) throws Exception {
    this(dir, clients, misbehaviour, Genesis.OrderRules.DEFAULT);
  }

  /** A chain of real nodes under the market order rules {@code orderRules} (short windows, for deadlines). */
  public TestChain(Path dir, int clients, Genesis.OrderRules orderRules) throws Exception {
    this(dir, clients, Map.of(), orderRules);
  }

  private TestChain(Path dir, int clients, Map<Integer, List<String>> misbehaviour, Genesis.OrderRules orderRules)
      throws Exception {
    int base = freePortRun(2 * NODES);
    layout = ChainLayout.create(dir, NODES, clients, base, base + NODES, FAST, Map.of(), orderRules);
    this.misbehaviour = Map.copyOf(misbehaviour);
    start();
  }

  public ChainLayout layout() {
    return layout;
  }

  public Genesis genesis() throws IOException {
    return GenesisFile.read(layout.dir().resolve("genesis.yaml"));
  }

  public ValidatorSet validators() throws IOException {
    return genesis().validatorSet();
  }

  public ChainClient client(int node) {
    return new ChainClient(layout.api(node));
  }

  /** The API of node {@code i}, from 1. */
  public String api(int i) {
    return layout.api(i).toString();
  }

  public Path clientKey(int j) {
    return layout.dir().resolve("keys/client-" + j + ".key");
  }

  public Path password() {
    return layout.dir().resolve("keys/password");
  }

  /** Starts every node and waits until each API answers; if one does not, stops them all (no orphan processes). */
  private void start() throws InterruptedException {
    try {
      for (int i = 1; i <= NODES; i++) {
        processes[i - 1] = launch(i);
      }
      for (int i = 1; i <= NODES; i++) {
        awaitApi(i);
      }
    } catch (RuntimeException | Error | InterruptedException e) {
      close();
      throw e;
    }
  }

  /** Starts node {@code i} again (it catches up by sync) and waits until its API answers. */
  public void start(int i) throws InterruptedException {
    processes[i - 1] = launch(i);
    awaitApi(i);
  }

  private NodeProcess launch(int i) {
    List<String> options = misbehaviour.get(i);
    if (options == null) {
      return NodeProcess.start(layout.nodeConfig(i), layout.log(i), JVM);
    }
    List<String> args = new ArrayList<>(List.of("--config", layout.nodeConfig(i).toString()));
    args.addAll(options);
    return NodeProcess.start(TestNodeMain.class.getName(), args, layout.log(i), JVM);
  }

  /**
   * Restarts node {@code i} cut off from its peers: it listens on another port and dials none that
   * answer, so it serves its API from the chain it has and learns nothing new (a partitioned node, or
   * one that cannot catch up). {@link #start(int)} after {@link #kill(int)} ends the partition.
   */
  public void cutOff(int i) throws IOException, InterruptedException {
    kill(i);
    Path config = layout.dir().resolve("node-" + i + "-cut-off.yaml");
    int unused = freePortRun(2); // nobody listens on unused + 1: the peers it dials never answer
    Files.writeString(config, Files.readString(layout.nodeConfig(i))
        .replaceFirst("(?m)^listen: 127\\.0\\.0\\.1:\\d+$", "listen: 127.0.0.1:" + unused)
        .replaceAll("(?m)^    endpoint: 127\\.0\\.0\\.1:\\d+$", "    endpoint: 127.0.0.1:" + (unused + 1)));
    processes[i - 1] = NodeProcess.start(config, layout.log(i), JVM);
    awaitApi(i);
  }

  /** kill -9 of node {@code i}; the other three keep a quorum. */
  public void kill(int i) throws InterruptedException {
    processes[i - 1].kill();
  }

  private void awaitApi(int i) throws InterruptedException {
    long deadline = System.currentTimeMillis() + 60_000;
    while (true) {
      try {
        client(i).status();
        return;
      } catch (RuntimeException notYet) {
        if (System.currentTimeMillis() > deadline || !processes[i - 1].isAlive()) {
          throw new AssertionError("chain node " + i + " did not come up; see " + layout.log(i), notYet);
        }
        Thread.sleep(200);
      }
    }
  }

  @Override
  public void close() throws InterruptedException {
    for (NodeProcess process : processes) {
      if (process != null) {
        process.stop();
      }
    }
  }

  /** The first of {@code count} consecutive free ports on loopback. */
  public static int freePortRun(int count) throws IOException {
    for (int base = 21_000 + (int) (ProcessHandle.current().pid() % 97) * 100; base < 60_000; base += count) {
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

}
