package io.cpchain.cli.chain;

import io.cpchain.consensus.server.Daemon;
import io.cpchain.consensus.server.Node;
import io.cpchain.consensus.server.NodeMain;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code node --config node.yaml}: one chain node in the foreground, until Ctrl-C or SIGTERM. */
@Command(name = "node", description = "Run one chain node in the foreground (see consensus-service/README.md).")
public final class NodeCommand implements Callable<Integer> {

  @Option(names = "--config", paramLabel = "FILE", required = true, description = "the node's node.yaml")
  Path config;

  @Override
  public Integer call() throws Exception {
    Node node = NodeMain.open(config);
    node.start();
    Daemon.runUntilStopped(node);
    return 0;
  }
}
