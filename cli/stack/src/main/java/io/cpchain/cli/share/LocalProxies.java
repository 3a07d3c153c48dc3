package io.cpchain.cli.share;

import io.cpchain.cli.stack.PipelineNodeKey;
import io.cpchain.cli.stack.ServiceProcess;
import io.cpchain.cli.stack.StackConfig;
import io.cpchain.consensus.api.Payload;
import io.cpchain.consensus.api.Transaction;
import io.cpchain.consensus.client.ChainClient;
import io.cpchain.consensus.server.ChainLayout;
import io.cpchain.crypto.keys.KeyFile;
import io.cpchain.crypto.keys.KeyKind;
import io.cpchain.crypto.keys.KeyStore;
import io.cpchain.crypto.keys.PasswordFile;
import io.cpchain.crypto.sign.AccountPrivateKey;
import io.cpchain.crypto.sign.Address;
import io.cpchain.sharing.protocol.ProxyClient;
import io.cpchain.sharing.protocol.ProxyDirectory;
import io.cpchain.sharing.proxy.ProxyConfig;
import io.cpchain.sharing.proxy.ProxyMain;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The local stack's re-encryption proxies: {@value #COUNT} processes under {@code <work dir>/proxies/proxy-<i>}
 * (account key, sealing key, password file, proxy.yaml, sealed kfrags), each talking to its own chain
 * node, listening on {@code --chain-port + 500 + i - 1} (7801-7803). The first {@code up} funds each
 * proxy's account from a client account of the chain, so each proxy locks its deposit and is an RNode.
 */
public final class LocalProxies {

  public static final int COUNT = 3;
  public static final int PORT_OFFSET = 500;
  private static final long FUNDING = 10_000;
  /** The chain's client account that funds the proxies (the anchor job uses the first). */
  private static final int FUNDER = 8;
  private static final List<String> JVM = List.of("-Xmx256m", "-XX:+UseSerialGC");

  private final StackConfig stack;

  public LocalProxies(StackConfig stack) {
    this.stack = stack;
  }

  public ServiceProcess process(int i) {
    return new ServiceProcess(stack, "proxy-" + i);
  }

  public int port(int i) {
    return stack.chainPeerPort(1) + PORT_OFFSET + i - 1;
  }

  public URI url(int i) {
    return URI.create("http://127.0.0.1:" + port(i));
  }

  /** The proxies the local stack runs: what owners and grantees ask. */
  public ProxyDirectory directory() {
    List<URI> urls = new ArrayList<>();
    for (int i = 1; i <= COUNT; i++) {
      urls.add(url(i));
    }
    return new ProxyDirectory(urls);
  }

  Path home(int i) {
    return stack.workDir().resolve("proxies").resolve("proxy-" + i);
  }

  /** Lays out, funds and starts the proxies not running, and waits until each answers as an RNode. */
  public void up(ChainLayout chain, PrintStream out) throws IOException, GeneralSecurityException,
      InterruptedException {
    ChainClient node = new ChainClient(chain.api(1));
    List<Address> unfunded = new ArrayList<>();
    for (int i = 1; i <= COUNT; i++) {
      Address address = layOut(i, chain);
      var account = node.account(address);
      if (account.deposit() == null && account.balance() == 0) {
        unfunded.add(address);
      }
    }
    fund(node, chain, unfunded);
    for (int i = 1; i <= COUNT; i++) {
      if (process(i).running().isEmpty()) {
        process(i).startJava(JVM, ProxyMain.class.getName(),
            List.of("--config", home(i).resolve("proxy.yaml").toString()));
      }
    }
    for (int i = 1; i <= COUNT; i++) {
      awaitRegistered(i, node, Duration.ofSeconds(60));
      out.println("proxy " + i + " up: " + url(i) + " (log " + process(i).logFile() + ")");
    }
  }

  public boolean down() {
    boolean any = false;
    for (int i = 1; i <= COUNT; i++) {
      any |= process(i).stop(Duration.ofSeconds(10));
    }
    return any;
  }

  /** Keys and config of proxy i, created once; its account address. */
  private Address layOut(int i, ChainLayout chain) throws IOException, GeneralSecurityException {
    Path home = home(i);
    char[] password = PasswordFile.readOrCreate(home.resolve("password"));
    KeyStore keys = new KeyStore(home, KeyFile.DEFAULT_PARAMS);
    if (!Files.exists(home.resolve("account.key"))) {
      keys.create("account", KeyKind.SECP256K1, password);
      keys.create("sealing", KeyKind.X25519, password);
    }
    Files.writeString(home.resolve("proxy.yaml"), ProxyConfig.yaml("proxy-" + i, "account.key", "sealing.key",
        "password", "127.0.0.1:" + port(i), chain.api(1 + (i - 1) % chain.nodes()),
        List.of(PipelineNodeKey.address(stack)), "data", ProxyConfig.DEFAULT_MAX_CHAIN_LAG));
    return keys.loadAccount("account", password).publicKey().address();
  }

  private static void fund(ChainClient node, ChainLayout chain, List<Address> proxies) throws IOException,
      GeneralSecurityException, InterruptedException {
    if (proxies.isEmpty()) {
      return;
    }
    AccountPrivateKey funder = chain.client(FUNDER);
    long nonce = node.account(funder.publicKey().address()).nonce();
    List<Transaction> transfers = new ArrayList<>();
    for (Address proxy : proxies) {
      transfers.add(Transaction.sign(funder, chain.chainId(), nonce++, new Payload.Transfer(proxy, FUNDING)));
    }
    node.submit(transfers);
    node.awaitReceipt(transfers.get(transfers.size() - 1).hash(), Duration.ofSeconds(60));
  }

  private void awaitRegistered(int i, ChainClient node, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      try {
        Address address = Address.fromHex(new ProxyClient(url(i)).info().address());
        if (node.account(address).deposit() != null) {
          return;
        }
      } catch (RuntimeException | io.cpchain.crypto.CryptoFormatException notYet) {
        // not answering yet, or its registration is not final yet
      }
      if (System.nanoTime() > deadline || process(i).running().isEmpty()) {
        throw new IllegalStateException("proxy " + i + " did not come up as an RNode; see " + process(i).logFile());
      }
      Thread.sleep(200);
    }
  }
}
