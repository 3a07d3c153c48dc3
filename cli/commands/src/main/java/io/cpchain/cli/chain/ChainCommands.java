package io.cpchain.cli.chain;

import io.cpchain.consensus.client.Views;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code chain up|status|down}: a local chain of separate node processes on loopback. */
@Command(name = "chain", description = "A local DPoR chain: each node its own process on loopback.",
    subcommands = {ChainCommands.Up.class, ChainCommands.Status.class, ChainCommands.Down.class})
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
