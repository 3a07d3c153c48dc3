package io.cpchain.consensus.server;

import io.cpchain.consensus.core.ConsensusConfig;
import io.cpchain.crypto.sign.Address;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * node.yaml: who this node is (key file), where it listens (peer and API addresses), its peers
 * (address and endpoint), its data directory and genesis file, and optional consensus timings.
 * Relative paths are relative to the file's directory. (Tests that need a lossy or lying node start
 * it through the test-jar's {@code TestNodeMain}, not through this file.) {@link #toYaml} writes the
 * file {@link #read} reads.
 */
public record NodeConfig(String name, Path keyFile, Path keyPasswordFile, InetSocketAddress listen,
    InetSocketAddress api, Path dataDir, Path genesis, Map<Address, InetSocketAddress> peers,
    ConsensusConfig consensus) {

  private static final Set<String> KEYS = Set.of("name", "key", "keyPasswordFile", "listen", "api", "dataDir",
      "genesis", "peers", "consensus");

  public static NodeConfig read(Path file) throws IOException {
    YamlFields y = YamlFields.load(file, KEYS);
    Path base = file.toAbsolutePath().getParent();
    Map<Address, InetSocketAddress> peers = new LinkedHashMap<>();
    for (Object entry : y.list("peers")) {
      if (!(entry instanceof Map<?, ?> peer) || peer.get("address") == null || peer.get("endpoint") == null) {
        throw new IllegalArgumentException(file + ": each peer needs 'address' and 'endpoint'");
      }
      peers.put(GenesisFile.address(y, peer.get("address")), HostPort.parse(file, "peer endpoint",
          peer.get("endpoint").toString()));
    }
    ConsensusConfig d = ConsensusConfig.DEFAULT;
    YamlFields c = y.section("consensus", Set.of("proposeTimeoutMs", "voteTimeoutMs", "emptyBlockIntervalMs",
        "maxBlockTxs", "syncBatch", "maxProposalAheadMs"));
    try {
      ConsensusConfig consensus = new ConsensusConfig(c.number("proposeTimeoutMs", d.proposeTimeoutMs()),
          c.number("voteTimeoutMs", d.voteTimeoutMs()), c.number("emptyBlockIntervalMs", d.emptyBlockIntervalMs()),
          (int) c.number("maxBlockTxs", d.maxBlockTxs()), (int) c.number("syncBatch", d.syncBatch()),
          c.number("maxProposalAheadMs", d.maxProposalAheadMs()));
      return new NodeConfig(y.string("name", "node"), base.resolve(y.string("key")),
          y.has("keyPasswordFile") ? base.resolve(y.string("keyPasswordFile")) : null,
          HostPort.parse(file, "listen", y.string("listen")), HostPort.parse(file, "api", y.string("api")),
          base.resolve(y.string("dataDir")), base.resolve(y.string("genesis")), peers, consensus);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(e.getMessage().startsWith(file.toString()) ? e.getMessage()
          : file + ": " + e.getMessage());
    }
  }

  /** This config as node.yaml; relative paths stay relative (to the directory the file is written to). */
  public String toYaml() {
    StringBuilder yaml = new StringBuilder()
        .append("name: ").append(quoted(name)).append('\n')
        .append("key: ").append(quoted(keyFile.toString())).append('\n');
    if (keyPasswordFile != null) {
      yaml.append("keyPasswordFile: ").append(quoted(keyPasswordFile.toString())).append('\n');
    }
    yaml.append("listen: ").append(hostPort(listen)).append('\n')
        .append("api: ").append(hostPort(api)).append('\n')
        .append("dataDir: ").append(quoted(dataDir.toString())).append('\n')
        .append("genesis: ").append(quoted(genesis.toString())).append('\n')
        .append("peers:\n");
    peers.forEach((address, endpoint) -> yaml.append("  - address: \"").append(address.toHex()).append("\"\n")
        .append("    endpoint: ").append(hostPort(endpoint)).append('\n'));
    return yaml.append("consensus:\n")
        .append("  proposeTimeoutMs: ").append(consensus.proposeTimeoutMs()).append('\n')
        .append("  voteTimeoutMs: ").append(consensus.voteTimeoutMs()).append('\n')
        .append("  emptyBlockIntervalMs: ").append(consensus.emptyBlockIntervalMs()).append('\n')
        .append("  maxBlockTxs: ").append(consensus.maxBlockTxs()).append('\n')
        .append("  syncBatch: ").append(consensus.syncBatch()).append('\n')
        .append("  maxProposalAheadMs: ").append(consensus.maxProposalAheadMs()).append('\n')
        .toString();
  }

  private static String hostPort(InetSocketAddress address) {
    return address.getHostString() + ":" + address.getPort();
  }

  /** A YAML double-quoted scalar: a path may hold ': ' or '#', which plain YAML would read otherwise. */
  private static String quoted(String value) {
    return '"' + value.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
  }
}
