package io.cpchain.consensus.server;

import io.cpchain.consensus.core.Network;
import io.cpchain.consensus.state.Genesis;
import io.cpchain.consensus.transport.ByzantineNetwork;
import io.cpchain.consensus.transport.FaultyNetwork;
import io.cpchain.crypto.sign.AccountPrivateKey;
import io.cpchain.crypto.sign.Address;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.logging.Logger;

/**
 * A chain node that misbehaves on purpose, for integration tests:
 * {@code TestNodeMain --config node.yaml [--faults drop,duplicate,maxDelayMs] [--byzantine mode]}.
 * {@code --faults} drops, duplicates and delays its outbound messages ({@link FaultyNetwork});
 * {@code --byzantine} (equivocate, bad-signatures, invalid-blocks, mixed) makes it lie
 * ({@link ByzantineNetwork}). Otherwise the node is the one {@link NodeMain} runs.
 */
public final class TestNodeMain {

  private static final Logger LOG = Logger.getLogger(TestNodeMain.class.getName());

  private TestNodeMain() {}

  public static void main(String[] args) throws Exception {
    Path config = null;
    FaultyNetwork.Faults faults = FaultyNetwork.Faults.NONE;
    ByzantineNetwork.Mode byzantine = null;
    for (int i = 0; i + 1 < args.length; i += 2) {
      switch (args[i]) {
        case "--config" -> config = Path.of(args[i + 1]);
        case "--faults" -> {
          String[] f = args[i + 1].split(",");
          faults = new FaultyNetwork.Faults(Double.parseDouble(f[0]), Double.parseDouble(f[1]), Integer.parseInt(f[2]));
        }
        case "--byzantine" -> byzantine = ByzantineNetwork.Mode.valueOf(
            args[i + 1].toUpperCase(Locale.ROOT).replace('-', '_'));
        default -> Daemon.exit("test node", "unknown option " + args[i]);
      }
    }
    if (config == null || args.length % 2 != 0) {
      Daemon.exit("test node", "usage: TestNodeMain --config node.yaml [--faults d,dup,ms] [--byzantine mode]");
    }
    Path file = config;
    FaultyNetwork.Faults lossy = faults;
    ByzantineNetwork.Mode mode = byzantine;
    Node node = Daemon.startOrExit("test node", () -> {
      Node opened = open(file, lossy, mode);
      opened.start();
      return opened;
    });
    Daemon.runUntilStopped(node);
  }

  private static Node open(Path file, FaultyNetwork.Faults faults, ByzantineNetwork.Mode byzantine)
      throws java.io.IOException, java.security.GeneralSecurityException {
    NodeConfig config = NodeConfig.read(file);
    Genesis genesis = GenesisFile.read(config.genesis());
    AccountPrivateKey key = NodeMain.loadKey(config);
    List<Address> peers = new ArrayList<>(config.peers().keySet());
    ScheduledExecutorService delays = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "fault-delays");
      t.setDaemon(true);
      return t;
    });
    Node[] node = new Node[1];
    node[0] = new Node(config, key, genesis, transport -> {
      Network network = transport;
      if (!faults.none()) {
        network = new FaultyNetwork(network, peers, faults, new Random(), delays);
      }
      if (byzantine != null) {
        LOG.warning("this node is Byzantine (" + byzantine + "): for tests only");
        network = new ByzantineNetwork(network, peers, key, genesis.chainId(), byzantine, new Random(),
            () -> node[0].replica().app());
      }
      return network;
    });
    return node[0];
  }
}
