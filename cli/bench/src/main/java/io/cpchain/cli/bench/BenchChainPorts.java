package io.cpchain.cli.bench;

import io.cpchain.consensus.server.ChainLayout;
import picocli.CommandLine.Option;

/** Where a bench's own fresh chain listens: its first peer and API ports, one per node upwards. */
public final class BenchChainPorts {

  @Option(names = "--p2p-port", paramLabel = "PORT", description = "the bench chain's first peer port, one per node"
      + " upwards (default: ${DEFAULT-VALUE})")
  int p2p;

  @Option(names = "--api-port", paramLabel = "PORT", description = "the bench chain's first API port, one per node"
      + " upwards (default: ${DEFAULT-VALUE})")
  int api;

  /** {@code offset} above the local stack's chain ports, so a bench chain and the stack's can run at once. */
  public BenchChainPorts(int offset) {
    this.p2p = ChainLayout.DEFAULT_P2P_PORT + offset;
    this.api = ChainLayout.DEFAULT_API_PORT + offset;
  }

  public int p2p() {
    return p2p;
  }

  public int api() {
    return api;
  }
}
