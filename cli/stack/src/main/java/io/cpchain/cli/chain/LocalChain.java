package io.cpchain.cli.chain;

import io.cpchain.cli.stack.ServiceProcess;
import io.cpchain.cli.stack.StackConfig;
import io.cpchain.consensus.client.ChainClient;
import io.cpchain.consensus.client.Views;
import io.cpchain.consensus.core.ConsensusConfig;
import io.cpchain.consensus.server.ChainLayout;
import io.cpchain.consensus.server.NodeMain;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * An N-node chain on loopback under {@code <work dir>/chain}: each node its own detached process
 * (pid in {@code run/chain-node-<i>.pid}, log in {@code logs/chain-node-<i>.log}), files from
 * {@link ChainLayout}. {@code up} creates the chain the first time and restarts stopped nodes after;
 * {@code down} stops the processes and keeps the chain's data.
 */
public final class LocalChain {

  public static final int CLIENT_ACCOUNTS = 8;
  private static final List<String> NODE_JVM = List.of("-Xmx768m", "-XX:+UseParallelGC");

  private final StackConfig processes;
  private final Path dir;
  private final int p2pPort;
  private final int apiPort;

  public LocalChain(Path workDir) {
    this(workDir, "chain", ChainLayout.DEFAULT_P2P_PORT, ChainLayout.DEFAULT_API_PORT);
  }

  /** A chain in {@code <workDir>/<name>} on the given first ports. */
  public LocalChain(Path workDir, String name, int p2pPort, int apiPort) {
    this.processes = StackConfig.defaults(workDir);
    this.dir = processes.workDir().resolve(name);
    this.p2pPort = p2pPort;
    this.apiPort = apiPort;
  }

  public Path dir() {
    return dir;
  }

  public boolean exists() {
    return Files.exists(dir.resolve("genesis.yaml"));
  }

  /** Starts the chain (creating it with {@code nodes} nodes if there is none) and waits until every API answers. */
  public ChainLayout up(int nodes, PrintStream out) throws IOException, GeneralSecurityException, InterruptedException {
    ChainLayout layout;
    if (exists()) {
      layout = ChainLayout.open(dir);
      if (layout.nodes() != nodes) {
        throw new IllegalArgumentException("the chain in " + dir + " has " + layout.nodes() + " nodes, not " + nodes
            + "; 'chain down --purge' removes it");
      }
    } else {
      out.println("creating a " + nodes + "-node chain in " + dir);
      layout = ChainLayout.create(dir, nodes, CLIENT_ACCOUNTS, p2pPort, apiPort, ConsensusConfig.DEFAULT, Map.of());
    }
    for (int i = 1; i <= nodes; i++) {
      ServiceProcess node = process(i);
      if (node.running().isEmpty()) {
        node.startJava(NODE_JVM, NodeMain.class.getName(), List.of("--config", layout.nodeConfig(i).toString()));
      }
    }
    for (int i = 1; i <= nodes; i++) {
      awaitApi(layout, i, Duration.ofSeconds(90));
      out.println("chain node " + i + " up: API " + layout.api(i) + " (log " + process(i).logFile() + ")");
    }
    return layout;
  }

  /**
   * Starts stopped node {@code i} from {@code config} instead of its own file (the fault suite's node with
   * its peer links on relays), and waits until its API answers. A later {@code up} starts it from its own.
   */
  public void start(int i, Path config) throws IOException, InterruptedException {
    ChainLayout layout = ChainLayout.open(dir);
    if (process(i).running().isPresent()) {
      throw new IllegalStateException("chain node " + i + " is running; stop it first");
    }
    process(i).startJava(NODE_JVM, NodeMain.class.getName(), List.of("--config", config.toString()));
    awaitApi(layout, i, Duration.ofSeconds(90));
  }

  /** Stops every node (SIGTERM, then SIGKILL after 10 s); true if any was running. */
  public boolean down() throws IOException {
    boolean any = false;
    if (exists()) {
      for (int i = 1; i <= ChainLayout.open(dir).nodes(); i++) {
        any |= process(i).stop(Duration.ofSeconds(10));
      }
    }
    return any;
  }

  /** Deletes the chain's files (keys, blocks, configs); stop it first. True if there was anything. */
  public boolean purge() throws IOException {
    if (!Files.exists(dir)) {
      return false;
    }
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
    return true;
  }

  /** Each node's status, or empty for a node that does not answer. */
  public List<Optional<Views.ChainStatus>> status() throws IOException {
    ChainLayout layout = ChainLayout.open(dir);
    List<Optional<Views.ChainStatus>> out = new ArrayList<>();
    for (int i = 1; i <= layout.nodes(); i++) {
      try {
        out.add(Optional.of(new ChainClient(layout.api(i)).status()));
      } catch (RuntimeException down) {
        out.add(Optional.empty());
      }
    }
    return out;
  }

  public ServiceProcess process(int node) {
    return new ServiceProcess(processes, dir.getFileName() + "-node-" + node);
  }

  private void awaitApi(ChainLayout layout, int i, Duration timeout) throws InterruptedException {
    ChainClient client = new ChainClient(layout.api(i));
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      try {
        client.status();
        return;
      } catch (RuntimeException notYet) {
        if (System.nanoTime() > deadline || process(i).running().isEmpty()) {
          throw new IllegalStateException("chain node " + i + " did not start; see " + process(i).logFile());
        }
        Thread.sleep(200);
      }
    }
  }
}
