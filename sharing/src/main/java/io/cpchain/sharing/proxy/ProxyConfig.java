package io.cpchain.sharing.proxy;

import io.cpchain.consensus.server.HostPort;
import io.cpchain.consensus.server.YamlFields;
import io.cpchain.crypto.CryptoFormatException;
import io.cpchain.crypto.sign.Address;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * proxy.yaml: who this proxy is (its chain account key and its sealing key, both encrypted key
 * files under one password file), where it listens, the chain node it reads grants from and sends
 * receipts to, the pipeline nodes whose manifests it trusts, where it keeps sealed kfrags, and the
 * deposit it locks to become an RNode, how old a signed request may be ({@code requestMaxAgeMs}) and
 * how old its chain node's view ({@code maxChainLagMs}, see {@link ChainFreshness}). Relative paths
 * are relative to the file's directory.
 */
public record ProxyConfig(String name, Path accountKey, Path sealingKey, Path passwordFile, InetSocketAddress listen,
    URI chain, List<Address> trustedWriters, Path dataDir, long deposit, Duration requestMaxAge,
    Duration maxChainLag) {

  private static final Set<String> KEYS = Set.of("name", "accountKey", "sealingKey", "passwordFile", "listen", "chain",
      "trustedWriters", "dataDir", "deposit", "requestMaxAgeMs",
      "maxChainLagMs");
  /**
   * The default bound on the chain view's age, for a chain with the default consensus timing (the
   * local stack's): a block every 1 s when idle, a 4 s gap when a round-0 proposer is down (its 1 s
   * wait plus the 3 s propose timeout); 10 s leaves a round's worth more for a loaded machine.
   */
  public static final Duration DEFAULT_MAX_CHAIN_LAG = Duration.ofSeconds(10);
  /** What a proxy reads of one answer of its chain node (a grant, the head): a grant names at most 16 proxies. */
  static final int MAX_CHAIN_ANSWER = 64 * 1024;

  public static ProxyConfig read(Path file) throws IOException {
    YamlFields y = YamlFields.load(file, KEYS);
    Path base = file.toAbsolutePath().getParent();
    try {
      List<Address> writers = new ArrayList<>();
      for (Object w : y.list("trustedWriters")) {
        writers.add(Address.fromHex(w.toString()));
      }
      if (writers.isEmpty()) {
        throw new IllegalArgumentException("trustedWriters must name at least one pipeline node");
      }
      return new ProxyConfig(y.string("name", "proxy"), base.resolve(y.string("accountKey")),
          base.resolve(y.string("sealingKey")), base.resolve(y.string("passwordFile")),
          HostPort.parse(file, "listen", y.string("listen")), URI.create(y.string("chain")), writers,
          base.resolve(y.string("dataDir")), y.number("deposit", 100),
          Duration.ofMillis(y.number("requestMaxAgeMs", 300_000)),
          Duration.ofMillis(y.number("maxChainLagMs", DEFAULT_MAX_CHAIN_LAG.toMillis())));
    } catch (CryptoFormatException e) {
      throw new IllegalArgumentException(file + ": trustedWriters: " + e.getMessage());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(e.getMessage().startsWith(file.toString()) ? e.getMessage()
          : file + ": " + e.getMessage());
    }
  }

  /**
   * The YAML of a proxy's config, for tools that lay proxies out (the local stack, tests);
   * {@code maxChainLag} a few seconds above the gaps between the chain's blocks (see {@link ChainFreshness}).
   */
  public static String yaml(String name, String accountKey, String sealingKey, String passwordFile, String listen,
      URI chain, List<Address> trustedWriters, String dataDir, Duration maxChainLag) {
    StringBuilder out = new StringBuilder();
    out.append("name: ").append(name).append('\n')
        .append("accountKey: ").append(accountKey).append('\n')
        .append("sealingKey: ").append(sealingKey).append('\n')
        .append("passwordFile: ").append(passwordFile).append('\n')
        .append("listen: ").append(listen).append('\n')
        .append("chain: ").append(chain).append('\n')
        .append("dataDir: ").append(dataDir).append('\n')
        .append("maxChainLagMs: ").append(maxChainLag.toMillis()).append('\n')
        .append("trustedWriters:\n");
    trustedWriters.forEach(w -> out.append("  - \"").append(w.toHex()).append("\"\n"));
    return out.toString();
  }
}
