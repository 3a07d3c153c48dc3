package io.cpchain.sharing;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cpchain.consensus.api.Hash;
import io.cpchain.consensus.api.Payload;
import io.cpchain.consensus.api.Transaction;
import io.cpchain.consensus.client.ChainClient;
import io.cpchain.consensus.server.NodeProcess;
import io.cpchain.consensus.testing.TestChain;
import io.cpchain.crypto.keys.KeyKind;
import io.cpchain.crypto.keys.KeyStore;
import io.cpchain.crypto.pre.EpochKeys;
import io.cpchain.crypto.pre.UmbralPublicKey;
import io.cpchain.crypto.pre.UmbralSecretKey;
import io.cpchain.crypto.sign.AccountPrivateKey;
import io.cpchain.crypto.sign.Address;
import io.cpchain.crypto.sign.SecretAccess;
import io.cpchain.encrypt.TestReadings;
import io.cpchain.encrypt.interval.Interval;
import io.cpchain.encrypt.interval.IntervalReader;
import io.cpchain.encrypt.interval.IntervalWriter;
import io.cpchain.schemas.AvroMessages;
import io.cpchain.schemas.IntervalManifest;
import io.cpchain.sharing.fetch.ShareFetcher;
import io.cpchain.sharing.grant.GrantIssuer;
import io.cpchain.sharing.protocol.ProxyClient;
import io.cpchain.sharing.protocol.ProxyDirectory;
import io.cpchain.sharing.proxy.ByzantineProxyMain;
import io.cpchain.sharing.proxy.ProxyConfig;
import io.cpchain.sharing.proxy.ProxyMain;
import io.cpchain.storage.ChunkStore;
import io.cpchain.storage.LocalStorageNodes;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * What the sharing ITCases run against, all real processes on loopback: a 4-node chain, s3proxy
 * storage nodes, and proxy processes (optionally the last one Byzantine), each registered as an RNode.
 * Intervals are written by the encrypt job's writer to per-epoch keys.
 */
final class SharingTestbed implements AutoCloseable {

  static final Duration EPOCH = Duration.ofHours(1);
  static final Duration WAIT = Duration.ofSeconds(30);
  static final String PASSWORD = "proxy-test-password";
  /**
   * The proxies' bound on their chain view's age: TestChain makes an empty block every 200 ms, 800 ms
   * apart when a round-0 proposer is down; 3 s also covers a loaded machine.
   */
  static final Duration MAX_CHAIN_LAG = Duration.ofSeconds(3);

  /** One proxy process, its files and how to reach it. */
  record Proxy(int index, String mainClass, Address address, Path config, Path data, Path sealingKey, URI url,
      NodeProcess[] process) {
    void start() {
      process[0] = NodeProcess.start(mainClass, List.of("--config", config.toString()),
          config.getParent().resolve("proxy.log"), List.of("-Xmx192m", "-XX:+UseSerialGC"));
    }

    void kill() throws InterruptedException {
      process[0].kill();
    }

    ProxyClient client() {
      return new ProxyClient(url);
    }
  }

  final TestChain chain;
  final LocalStorageNodes storage;
  final ChunkStore store;
  final AccountPrivateKey pipeline = AccountPrivateKey.generate();
  final List<Proxy> proxies = new ArrayList<>();
  /** The start of the key epoch two before the current one: intervals written from here have all their epoch keys. */
  final long epochStart = Math.floorDiv(System.currentTimeMillis(), EPOCH.toMillis()) * EPOCH.toMillis()
      - 2 * EPOCH.toMillis();
  private final AvroMessages<IntervalManifest> manifests = AvroMessages.of(IntervalManifest.class);

  /**
   * {@code byzantine}: the proxy (from 1) that runs {@link ByzantineProxyMain}, whose cfrags all fail their
   * proof; 0 for none.
   */
  SharingTestbed(Path dir, int storageNodes, int proxyCount, int byzantine) throws Exception {
    chain = new TestChain(dir.resolve("chain"), 1);
    try {
      storage = new LocalStorageNodes(dir.resolve("storage"), storageNodes);
      store = new ChunkStore(storage.stores(), storageNodes);
      startProxies(dir, proxyCount, byzantine);
    } catch (Exception | Error e) {
      close(); // no orphan processes
      throw e;
    }
  }

  private void startProxies(Path dir, int proxyCount, int byzantine) throws Exception {
    ChainClient client = chain.client(1);
    AccountPrivateKey funder = KeyStore.loadAccountFile(chain.clientKey(1), Files.readString(chain.password()).strip()
        .toCharArray());
    List<Transaction> funding = new ArrayList<>();
    for (int i = 1; i <= proxyCount; i++) {
      Path home = dir.resolve("proxy-" + i);
      Files.createDirectories(home);
      Files.writeString(home.resolve("password"), PASSWORD);
      KeyStore keys = new KeyStore(home);
      keys.create("account", KeyKind.SECP256K1, PASSWORD.toCharArray());
      Address address = KeyStore.loadAccountFile(home.resolve("account.key"), PASSWORD.toCharArray()).publicKey()
          .address();
      keys.create("sealing", KeyKind.X25519, PASSWORD.toCharArray());
      funding.add(Transaction.sign(funder, client.status().chainId(), i - 1, new Payload.Transfer(address, 1_000)));
      int port = freePort();
      Files.writeString(home.resolve("proxy.yaml"), ProxyConfig.yaml("proxy-" + i, "account.key", "sealing.key",
          "password", "127.0.0.1:" + port, chain.client(chainNodeOf(i)).base(),
          List.of(pipeline.publicKey().address()), "data", MAX_CHAIN_LAG));
      String main = i == byzantine ? ByzantineProxyMain.class.getName() : ProxyMain.class.getName();
      proxies.add(new Proxy(i, main, address, home.resolve("proxy.yaml"), home.resolve("data"),
          home.resolve("sealing.key"), URI.create("http://127.0.0.1:" + port), new NodeProcess[1]));
    }
    client.submit(funding);
    client.awaitReceipt(funding.get(funding.size() - 1).hash(), WAIT);
    for (Proxy proxy : proxies) {
      proxy.start();
    }
    for (Proxy proxy : proxies) {
      awaitRegistered(proxy);
    }
  }

  /** The chain node proxy {@code i} (from 1) reads grants from: spread over the nodes. */
  static int chainNodeOf(int proxy) {
    return 1 + (proxy % TestChain.NODES);
  }

  /** {@code count} one-minute intervals of {@code device} from {@code from}, each to the owner's key of its epoch. */
  List<byte[]> write(UmbralSecretKey owner, String device, long from, int count) throws Exception {
    IntervalWriter writer = new IntervalWriter(store, pipeline, 4 * 1024, EPOCH);
    List<byte[]> out = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      long start = from + i * 60_000L;
      UmbralPublicKey epochKey = EpochKeys.epochSecret(owner, device, EpochKeys.epochOf(start, EPOCH), EPOCH)
          .publicKey(); // what the owner certifies for the encrypt job
      out.add(manifests.encode(writer.write(new Interval(device, "owner", epochKey, start, start + 60_000,
          TestReadings.readings(device, "owner", start, 50, 1_000, start)))));
    }
    return out;
  }

  IntervalManifest decode(byte[] manifest) throws Exception {
    return manifests.decode(manifest);
  }

  IntervalReader reader() {
    return new IntervalReader(store, Set.of(pipeline.publicKey().address()));
  }

  /** A grant of intervals [from, to] of {@code device}, any 2 of 3 proxies. */
  GrantIssuer.Issued grant(AccountPrivateKey ownerAccount, UmbralSecretKey owner, UmbralPublicKey grantee, String device,
      long from, long to, long expiresAtMs, List<Proxy> over) throws Exception {
    return issuer(over).grant(ownerAccount, owner, new GrantIssuer.Request(device, grantee, from, to, 2, 3,
        expiresAtMs, EPOCH), WAIT);
  }

  GrantIssuer issuer(List<Proxy> over) {
    return new GrantIssuer(chain.client(1), directory(over));
  }

  /** The grantee receives under and signs with one secp256k1 key, as a key file holding it gives both. */
  ShareFetcher fetcher(UmbralSecretKey key, List<Proxy> over) throws Exception {
    return new ShareFetcher(chain.client(2), directory(over), reader(), key,
        AccountPrivateKey.fromBytes(key.toBytes(SecretAccess.get())));
  }

  static ProxyDirectory directory(List<Proxy> over) {
    return new ProxyDirectory(over.stream().map(Proxy::url).toList());
  }

  static boolean holds(Proxy proxy, Hash grantId) {
    return proxy.client().held().grants().contains(grantId.toHex());
  }

  private void awaitRegistered(Proxy proxy) throws Exception {
    awaitUp(proxy);
    long deadline = System.currentTimeMillis() + 30_000;
    while (chain.client(1).account(proxy.address()).deposit() == null) {
      assertTrue(System.currentTimeMillis() < deadline, "proxy " + proxy.index() + " registers as an RNode");
      Thread.sleep(200);
    }
  }

  static void awaitUp(Proxy proxy) throws Exception {
    long deadline = System.currentTimeMillis() + 60_000;
    while (true) {
      try {
        proxy.client().info();
        return;
      } catch (ProxyClient.Refused notYet) {
        assertTrue(System.currentTimeMillis() < deadline && proxy.process()[0].isAlive(),
            "proxy " + proxy.index() + " comes up; see " + proxy.config().getParent().resolve("proxy.log"));
        Thread.sleep(200);
      }
    }
  }

  private static int freePort() throws Exception {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  @Override
  public void close() throws Exception {
    for (Proxy proxy : proxies) {
      if (proxy.process()[0] != null) {
        proxy.process()[0].stop();
      }
    }
    if (storage != null) {
      storage.close();
    }
    chain.close();
  }
}
