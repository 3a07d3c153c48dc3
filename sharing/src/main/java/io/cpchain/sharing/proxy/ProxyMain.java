package io.cpchain.sharing.proxy;

import io.cpchain.consensus.api.Hash;
import io.cpchain.consensus.api.Payload;
import io.cpchain.consensus.client.ChainClient;
import io.cpchain.consensus.client.Views;
import io.cpchain.consensus.server.Daemon;
import io.cpchain.crypto.keys.KeyStore;
import io.cpchain.crypto.keys.PasswordFile;
import io.cpchain.crypto.seal.SealingKeyPair;
import io.cpchain.crypto.sign.AccountPrivateKey;
import io.cpchain.crypto.sign.Address;
import io.cpchain.encrypt.interval.ManifestVerifier;
import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.util.HashSet;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Logger;

/**
 * {@code ProxyMain --config proxy.yaml} ({@code bin/cpchain proxy}): runs one re-encryption proxy
 * until SIGTERM. On start it makes sure its account is an RNode (locks the configured deposit if it
 * is not yet), then serves while its chain node's view is fresh ({@code maxChainLagMs}); on every
 * final block (and every second) it reads its node's head and its grants again, the view requests
 * act on, and erases the kfrags of those revoked or expired. A bad config or key is one line on stderr and exit code 2 ({@link Daemon}).
 */
public final class ProxyMain {

  private static final Logger LOG = Logger.getLogger(ProxyMain.class.getName());

  private ProxyMain() {}

  public static void main(String[] args) throws InterruptedException {
    if (args.length != 2 || !args[0].equals("--config")) {
      Daemon.exit("proxy", "usage: proxy --config proxy.yaml");
    }
    Daemon.runUntilStopped(Daemon.startOrExit("proxy", () -> start(ProxyConfig.read(Path.of(args[1])))));
  }

  /** A started proxy: its server, its receipt sender and its sweeper. */
  public record Running(ProxyService service, ProxyServer server, ReceiptSubmitter receipts,
      ScheduledExecutorService sweeper, Closeable blocks) implements AutoCloseable {
    @Override
    public void close() {
      sweeper.shutdownNow();
      try {
        blocks.close();
      } catch (IOException e) {
        LOG.warning("closing the block stream: " + e.getMessage());
      }
      server.close();
      try {
        receipts.close();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** An honest proxy: cfrags by Umbral's re-encryption. */
  public static Running start(ProxyConfig config) throws IOException, GeneralSecurityException {
    return start(config, Reencryption.UMBRAL);
  }

  /** A proxy that makes its cfrags with {@code reencryption} (tests start a faulty one this way). */
  public static Running start(ProxyConfig config, Reencryption reencryption)
      throws IOException, GeneralSecurityException {
    char[] password = PasswordFile.read(config.passwordFile());
    AccountPrivateKey account = KeyStore.loadAccountFile(config.accountKey(), password);
    SealingKeyPair sealing = KeyStore.loadSealingFile(config.sealingKey(), password);
    ChainClient chain = new ChainClient(config.chain());
    ReceiptSubmitter receipts = new ReceiptSubmitter(chain, account);
    register(chain, account, config.deposit(), receipts);
    ProxyService service = new ProxyService(account, sealing, new KfragVault(config.dataDir().resolve("kfrags")),
        reads(config), new ManifestVerifier(new HashSet<>(config.trustedWriters())), receipts::submit,
        config.requestMaxAge(), config.maxChainLag(), reencryption, Clock.systemUTC());
    ProxyServer server = new ProxyServer(service, config.listen());
    server.start();
    ScheduledExecutorService sweeper = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "proxy-sweeper");
      t.setDaemon(true);
      return t;
    });
    AtomicBoolean refreshQueued = new AtomicBoolean();
    Runnable refresh = () -> {
      refreshQueued.set(false);
      try {
        service.refresh();
      } catch (RuntimeException chainAway) {
        LOG.warning("cannot check grants on the chain: " + chainAway.getMessage());
      }
    };
    sweeper.scheduleWithFixedDelay(refresh, 0, 1, TimeUnit.SECONDS);
    // Blocks may come faster than a refresh reads every held grant: one queued refresh covers them all.
    Closeable blocks = chain.stream(chain.status().height() + 1, block -> {
      if (refreshQueued.compareAndSet(false, true)) {
        sweeper.execute(refresh);
      }
    });
    LOG.info(config.name() + " " + service.address().toHex() + " serving on " + config.listen());
    return new Running(service, server, receipts, sweeper, blocks);
  }

  /**
   * What the proxy reads of its chain node to decide: each answer within {@code maxChainLag} (a slower
   * one is too old to act on anyway) and at most {@link ProxyConfig#MAX_CHAIN_ANSWER} bytes.
   */
  private static ProxyService.Chain reads(ProxyConfig config) {
    ChainClient node = new ChainClient(config.chain(), config.maxChainLag(), ProxyConfig.MAX_CHAIN_ANSWER);
    return new ProxyService.Chain() {
      @Override
      public Optional<Views.GrantInfo> grant(Hash id) {
        return node.grant(id);
      }

      @Override
      public Views.Head head() {
        return node.head();
      }

      @Override
      public Optional<Views.AnchorInfo> anchor(Address submitter, Hash root) {
        return node.anchor(submitter, root);
      }

      @Override
      public Optional<Views.BlockInfo> block(long height) {
        return node.block(height);
      }
    };
  }

  private static void register(ChainClient chain, AccountPrivateKey account, long deposit,
      ReceiptSubmitter receipts) {
    Views.AccountInfo info = chain.account(account.publicKey().address());
    if (info.deposit() != null) {
      return;
    }
    if (info.balance() < deposit) {
      LOG.warning(account.publicKey().address().toHex() + " is not an RNode and its balance " + info.balance()
          + " cannot pay the deposit " + deposit + ": fund it, then restart the proxy");
      return;
    }
    receipts.submit(new Payload.RegisterRNode(deposit));
  }
}
