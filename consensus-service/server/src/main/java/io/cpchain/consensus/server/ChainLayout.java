package io.cpchain.consensus.server;

import io.cpchain.consensus.core.ConsensusConfig;
import io.cpchain.consensus.state.Genesis;
import io.cpchain.crypto.CryptoFormatException;
import io.cpchain.crypto.keys.KeyFile;
import io.cpchain.crypto.keys.KeyKind;
import io.cpchain.crypto.keys.SecretFile;
import io.cpchain.crypto.sign.AccountPrivateKey;
import io.cpchain.crypto.sign.Address;
import io.cpchain.crypto.sign.SecretAccess;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The files of a local N-node chain under one directory: {@code keys/} (encrypted node and client
 * account keys, one password in {@code keys/password}), {@code genesis.yaml}, {@code node-<i>.yaml}
 * and each node's {@code data/node-<i>/}. Nodes listen on loopback: peers on {@code p2pPort + i - 1},
 * API on {@code apiPort + i - 1}. Client accounts are funded in genesis, for tools and benchmarks.
 */
public final class ChainLayout {

  public static final int DEFAULT_P2P_PORT = 7301;
  public static final int DEFAULT_API_PORT = 7401;
  public static final long CLIENT_FUNDS = 1_000_000_000_000L;

  /** A node on its own host: the peer address the other nodes dial, and the port its API listens on there. */
  public record HostNode(InetSocketAddress peer, int apiPort) {}

  private final Path dir;
  private final int nodes;
  private final int clients;
  private final int apiPort;

  private ChainLayout(Path dir, int nodes, int clients, int apiPort) {
    this.dir = dir;
    this.nodes = nodes;
    this.clients = clients;
    this.apiPort = apiPort;
  }

  /**
   * Writes a new layout; refuses a directory that already has one. {@code extraNodeYaml} is appended to
   * each node's file (e.g. a {@code consensus:} section), keyed by node number, or empty.
   */
  public static ChainLayout create(Path dir, int nodes, int clients, int p2pPort, int apiPort,
      ConsensusConfig consensus, Map<Integer, String> extraNodeYaml) throws IOException, GeneralSecurityException {
    return create(dir, nodes, clients, p2pPort, apiPort, consensus, extraNodeYaml, Genesis.OrderRules.DEFAULT);
  }

  /** As above, under the market order rules {@code orderRules} (tests shorten their windows). */
  public static ChainLayout create(Path dir, int nodes, int clients, int p2pPort, int apiPort,
      ConsensusConfig consensus, Map<Integer, String> extraNodeYaml, Genesis.OrderRules orderRules)
      throws IOException, GeneralSecurityException {
    if (nodes < 1 || clients < 0) {
      throw new IllegalArgumentException("a chain needs at least one node");
    }
    if (Files.exists(dir.resolve("genesis.yaml"))) {
      throw new IllegalStateException(dir + " already holds a chain");
    }
    Files.createDirectories(dir.resolve("keys"));
    String password = newPassword(dir.resolve("keys/password"));
    List<Address> validators = new ArrayList<>();
    for (int i = 1; i <= nodes; i++) {
      validators.add(newKey(dir.resolve("keys/node-" + i + ".key"), password));
    }
    List<Address> clientAccounts = new ArrayList<>();
    for (int j = 1; j <= clients; j++) {
      clientAccounts.add(newKey(dir.resolve("keys/client-" + j + ".key"), password));
    }
    Genesis genesis = genesis(validators, clientAccounts, orderRules);
    GenesisFile.write(dir.resolve("genesis.yaml"), genesis);
    for (int i = 1; i <= nodes; i++) {
      Map<Address, InetSocketAddress> peers = new LinkedHashMap<>();
      for (int j = 1; j <= nodes; j++) {
        if (j != i) {
          peers.put(validators.get(j - 1), new InetSocketAddress("127.0.0.1", p2pPort + j - 1));
        }
      }
      NodeConfig node = new NodeConfig("node-" + i, Path.of("keys/node-" + i + ".key"), Path.of("keys/password"),
          new InetSocketAddress("127.0.0.1", p2pPort + i - 1), new InetSocketAddress("127.0.0.1", apiPort + i - 1),
          Path.of("data/node-" + i), Path.of("genesis.yaml"), peers, consensus);
      StringBuilder yaml = new StringBuilder("# chain node " + i + ": see consensus-service/README.md\n")
          .append(node.toYaml());
      yaml.append(extraNodeYaml.getOrDefault(i, ""));
      Files.writeString(dir.resolve("node-" + i + ".yaml"), yaml);
    }
    return new ChainLayout(dir, nodes, clients, apiPort);
  }

  /**
   * The files of a chain whose nodes run on separate hosts, one directory to copy to each: {@code node-<i>/} holds
   * {@code node.yaml} (the node binds {@code listenHost} at its peer and API ports, and dials every other node at the
   * peer address given for that one: what each node advertises), {@code genesis.yaml}, and the node's own key with
   * its own password: no directory holds another node's secret. {@code clients/} holds the genesis-funded client
   * keys and their password, for the operator. Refuses a directory that is not empty.
   */
  public static void createForHosts(Path out, List<HostNode> advertised, String listenHost, int clients,
      ConsensusConfig consensus) throws IOException, GeneralSecurityException {
    if (advertised.isEmpty() || clients < 0) {
      throw new IllegalArgumentException("a chain needs at least one node");
    }
    if (Files.isDirectory(out)) {
      try (var entries = Files.list(out)) {
        if (entries.findAny().isPresent()) {
          throw new IllegalStateException(out + " is not empty");
        }
      }
    }
    int nodes = advertised.size();
    List<Address> validators = new ArrayList<>();
    for (int i = 1; i <= nodes; i++) {
      Path keys = out.resolve("node-" + i).resolve("keys");
      Files.createDirectories(keys);
      validators.add(newKey(keys.resolve("node.key"), newPassword(keys.resolve("password"))));
    }
    Files.createDirectories(out.resolve("clients"));
    String clientPassword = newPassword(out.resolve("clients/password"));
    List<Address> clientAccounts = new ArrayList<>();
    for (int j = 1; j <= clients; j++) {
      clientAccounts.add(newKey(out.resolve("clients/client-" + j + ".key"), clientPassword));
    }
    Genesis genesis = genesis(validators, clientAccounts, Genesis.OrderRules.DEFAULT);
    for (int i = 1; i <= nodes; i++) {
      Path dir = out.resolve("node-" + i);
      GenesisFile.write(dir.resolve("genesis.yaml"), genesis);
      Map<Address, InetSocketAddress> peers = new LinkedHashMap<>();
      for (int j = 1; j <= nodes; j++) {
        if (j != i) {
          peers.put(validators.get(j - 1), advertised.get(j - 1).peer());
        }
      }
      InetSocketAddress self = advertised.get(i - 1).peer();
      NodeConfig node = new NodeConfig("node-" + i, Path.of("keys/node.key"), Path.of("keys/password"),
          InetSocketAddress.createUnresolved(listenHost, self.getPort()),
          InetSocketAddress.createUnresolved(listenHost, advertised.get(i - 1).apiPort()), Path.of("data"),
          Path.of("genesis.yaml"), peers, consensus);
      Files.writeString(dir.resolve("node.yaml"), "# chain node " + i + " of " + nodes + ", advertised to its peers as "
          + self.getHostString() + ":" + self.getPort() + "; run it on that host with: bin/cpchain node --config"
          + " node.yaml (see consensus-service/README.md)\n" + node.toYaml());
    }
  }

  /** The genesis of the local layouts: each validator staked, the clients funded for tools and benchmarks. */
  private static Genesis genesis(List<Address> validators, List<Address> clients, Genesis.OrderRules orderRules) {
    Map<Address, Long> balances = new LinkedHashMap<>();
    Map<Address, Long> deposits = new LinkedHashMap<>();
    validators.forEach(v -> {
      balances.put(v, 1_000_000L);
      deposits.put(v, 1_000L);
    });
    clients.forEach(c -> balances.put(c, CLIENT_FUNDS));
    int nodes = validators.size();
    return new Genesis(1, validators, balances, deposits, 100, nodes, nodes >= 4 ? 1 : 0, 100,
        Genesis.DEFAULT_WEIGHTS, 100, orderRules);
  }

  /** A fresh random password in an owner-only file. */
  private static String newPassword(Path file) throws IOException {
    byte[] secret = new byte[16];
    new SecureRandom().nextBytes(secret);
    String password = HexFormat.of().formatHex(secret);
    SecretFile.create(file, password.getBytes(StandardCharsets.UTF_8));
    return password;
  }

  /** Reads an existing layout (the node count, client count and API port from its files). */
  public static ChainLayout open(Path dir) throws IOException {
    if (!Files.exists(dir.resolve("genesis.yaml"))) {
      throw new IllegalStateException("no chain in " + dir + " (create one first)");
    }
    int nodes = 0;
    while (Files.exists(dir.resolve("node-" + (nodes + 1) + ".yaml"))) {
      nodes++;
    }
    int clients = 0;
    while (Files.exists(dir.resolve("keys/client-" + (clients + 1) + ".key"))) {
      clients++;
    }
    int apiPort = NodeConfig.read(dir.resolve("node-1.yaml")).api().getPort();
    return new ChainLayout(dir, nodes, clients, apiPort);
  }

  private static Address newKey(Path path, String password) throws IOException, GeneralSecurityException {
    AccountPrivateKey key = AccountPrivateKey.generate();
    KeyFile.write(path, KeyKind.SECP256K1, key.toBytes(SecretAccess.get()), key.publicKey().toCompressed(),
        password.toCharArray(), KeyFile.DEFAULT_PARAMS);
    return key.publicKey().address();
  }

  public Path dir() {
    return dir;
  }

  public int nodes() {
    return nodes;
  }

  public int clients() {
    return clients;
  }

  /** Node {@code i}, from 1. */
  public Path nodeConfig(int i) {
    return dir.resolve("node-" + i + ".yaml");
  }

  public URI api(int i) {
    return URI.create("http://127.0.0.1:" + (apiPort + i - 1));
  }

  public Path log(int i) {
    return dir.resolve("logs/node-" + i + ".log");
  }

  /** Client account {@code j}, from 1, decrypted with the layout's password. */
  public AccountPrivateKey client(int j) throws IOException, GeneralSecurityException {
    String password = Files.readString(dir.resolve("keys/password")).strip();
    try {
      return AccountPrivateKey.fromBytes(KeyFile.read(dir.resolve("keys/client-" + j + ".key"))
          .decrypt(password.toCharArray()));
    } catch (CryptoFormatException e) {
      throw new IllegalStateException("client key " + j + ": " + e.getMessage(), e);
    }
  }

  public long chainId() throws IOException {
    return GenesisFile.read(dir.resolve("genesis.yaml")).chainId();
  }
}
