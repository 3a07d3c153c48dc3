package io.cpchain.cli.chain;

import io.cpchain.consensus.client.Views;
import io.cpchain.consensus.core.ConsensusConfig;
import io.cpchain.consensus.server.ChainLayout;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code chain init|up|status|down}: a chain's files for separate hosts, or a local chain of node processes on loopback. */
@Command(name = "chain", description = "A local DPoR chain: each node its own process on loopback.",
    subcommands = {ChainCommands.Init.class, ChainCommands.Up.class, ChainCommands.Status.class, ChainCommands.Down.class})
public final class ChainCommands implements Runnable {

  @Override
  public void run() {
    new CommandLine(this).usage(System.out);
  }

  static class WorkDir {
    @Option(names = "--work-dir", paramLabel = "DIR", defaultValue = ".cpchain",
        description = "where the chain keeps keys, data and logs, under chain/ (default: ${DEFAULT-VALUE})")
    Path workDir;
  }

  @Command(name = "init", description = "Write a new chain's files for nodes on separate hosts: one directory per"
      + " node (its node.yaml, the genesis, its own key) to copy to that host and start with 'node --config'.")
  public static final class Init implements Callable<Integer> {
    @Option(names = "--nodes", paramLabel = "HOST:PORT,...", required = true, split = ",",
        description = "each validator's peer address as the others reach it, in order (1 to 64)")
    List<String> nodes;

    @Option(names = "--out", paramLabel = "DIR", required = true, description = "an empty or new directory")
    Path out;

    @Option(names = "--api-port", paramLabel = "PORT", defaultValue = "7401",
        description = "each node's HTTP API port on its host (default: ${DEFAULT-VALUE})")
    int apiPort;

    @Option(names = "--listen-host", paramLabel = "HOST", defaultValue = "0.0.0.0",
        description = "the address each node binds on its host (default: ${DEFAULT-VALUE}, every interface)")
    String listenHost;

    @Option(names = "--clients", paramLabel = "N", defaultValue = "8",
        description = "genesis-funded client accounts, written to DIR/clients (default: ${DEFAULT-VALUE})")
    int clients;

    @Override
    public Integer call() throws Exception {
      if (nodes.isEmpty() || nodes.size() > 64) {
        throw new IllegalArgumentException("--nodes must name between 1 and 64 validators");
      }
      if (apiPort < 1 || apiPort > 65535 || clients < 0 || clients > 1000) {
        throw new IllegalArgumentException("--api-port must be a port and --clients between 0 and 1000");
      }
      List<ChainLayout.HostNode> advertised = new ArrayList<>();
      for (String node : nodes) {
        ChainLayout.HostNode host = new ChainLayout.HostNode(peerAddress(node), apiPort);
        if (advertised.contains(host)) {
          throw new IllegalArgumentException("--nodes names " + node + " twice");
        }
        advertised.add(host);
      }
      ChainLayout.createForHosts(out, advertised, listenHost, clients, ConsensusConfig.DEFAULT);
      for (int i = 1; i <= advertised.size(); i++) {
        System.out.printf("node %d  %s  -> copy %s to that host; there: bin/cpchain node --config node.yaml%n", i,
            nodes.get(i - 1), out.resolve("node-" + i));
      }
      System.out.println("client keys (genesis-funded) in " + out.resolve("clients") + "; keep them off the nodes");
      return 0;
    }

    private static InetSocketAddress peerAddress(String node) {
      int colon = node.lastIndexOf(':');
      int port;
      try {
        port = Integer.parseInt(node.substring(colon + 1));
      } catch (NumberFormatException e) {
        port = 0;
      }
      if (colon <= 0 || port < 1 || port > 65535) {
        throw new IllegalArgumentException("--nodes: '" + node + "' is not HOST:PORT");
      }
      return InetSocketAddress.createUnresolved(node.substring(0, colon), port);
    }
  }

  @Command(name = "up", description = "Start the local chain (created on first use); twice is harmless.")
  public static final class Up extends WorkDir implements Callable<Integer> {
    @Option(names = "--nodes", paramLabel = "N", defaultValue = "4", description = "validators (default: ${DEFAULT-VALUE})")
    int nodes;

    @Override
    public Integer call() throws Exception {
      if (nodes < 1 || nodes > 64) {
        throw new IllegalArgumentException("--nodes must be between 1 and 64");
      }
      new LocalChain(workDir).up(nodes, System.out);
      return 0;
    }
  }

  @Command(name = "status", description = "Height, term, committee, reputations and last final block of each node.")
  public static final class Status extends WorkDir implements Callable<Integer> {
    @Override
    public Integer call() throws Exception {
      LocalChain chain = new LocalChain(workDir);
      if (!chain.exists()) {
        throw new IllegalStateException("no chain in " + chain.dir() + "; start one with 'chain up'");
      }
      List<Optional<Views.ChainStatus>> nodes = chain.status();
      boolean allUp = true;
      for (int i = 0; i < nodes.size(); i++) {
        if (nodes.get(i).isEmpty()) {
          System.out.printf("node %d  down%n", i + 1);
          allUp = false;
          continue;
        }
        Views.ChainStatus s = nodes.get(i).get();
        System.out.printf("node %d  %s  height %d  term %d  last block %s  state %s  mempool %d%n", i + 1,
            s.node(), s.height(), s.term(), s.lastHash(), s.stateRoot(), s.mempool());
      }
      Optional<Views.ChainStatus> any = nodes.stream().flatMap(Optional::stream)
          .max(Comparator.comparingLong(Views.ChainStatus::height));
      if (any.isPresent()) {
        System.out.println("committee: " + String.join(", ", any.get().committee()));
        System.out.println("reputation (0..10000):");
        for (Map.Entry<String, Long> r : any.get().reputation().entrySet()) {
          System.out.printf("  %s  %d%n", r.getKey(), r.getValue());
        }
      }
      return allUp ? 0 : 3;
    }
  }

  @Command(name = "down", description = "Stop the local chain's nodes (data stays unless --purge).")
  public static final class Down extends WorkDir implements Callable<Integer> {
    @Option(names = "--purge", description = "also delete the chain: keys, blocks, logs")
    boolean purge;

    @Override
    public Integer call() throws Exception {
      LocalChain chain = new LocalChain(workDir);
      System.out.println(chain.down() ? "chain stopped" : "no chain node was running");
      if (purge && chain.purge()) {
        System.out.println("deleted " + chain.dir());
      }
      return 0;
    }
  }
}
