package io.cpchain.sharing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cpchain.consensus.api.Hash;
import io.cpchain.consensus.api.Payload;
import io.cpchain.consensus.api.Transaction;
import io.cpchain.consensus.client.ChainClient;
import io.cpchain.crypto.pre.UmbralSecretKey;
import io.cpchain.crypto.sign.AccountPrivateKey;
import io.cpchain.crypto.sign.SecretAccess;
import io.cpchain.sharing.SharingTestbed.Proxy;
import io.cpchain.sharing.fetch.ShareFetcher;
import io.cpchain.sharing.grant.Delegation;
import io.cpchain.sharing.grant.GrantIssuer;
import io.cpchain.sharing.protocol.Hex;
import io.cpchain.sharing.protocol.Messages;
import io.cpchain.sharing.protocol.ProxyClient;
import io.cpchain.sharing.protocol.ProxyDirectory;
import io.cpchain.sharing.protocol.SignedRequests;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Attacks on the proxies, against real proxy processes (a 4-node chain, one storage node, three
 * proxies): kfrag deliveries by anyone but the grant's owner, for grants not on the chain or already
 * held, slow clients and oversized bodies. Each is refused and normal service goes on.
 */
class ProxyAttackITCase {

  @TempDir static Path dir;
  private static SharingTestbed bed;

  private final UmbralSecretKey owner = UmbralSecretKey.generate();
  private final AccountPrivateKey ownerAccount = AccountPrivateKey.generate();
  private final UmbralSecretKey grantee = UmbralSecretKey.generate();

  @BeforeAll
  static void start() throws Exception {
    bed = new SharingTestbed(dir, 1, 3, 0);
  }

  @AfterAll
  static void stop() throws Exception {
    if (bed != null) {
      bed.close();
    }
  }

  @Test
  void aStrangersKfragsForALiveGrantAreRefusedAndTheGranteeStillFetches() throws Exception {
    byte[] manifest = bed.write(owner, "veh-overwrite", bed.epochStart, 1).get(0);
    long interval = bed.decode(manifest).getIntervalStartMs();
    GrantIssuer.Issued grant = bed.grant(ownerAccount, owner, grantee.publicKey(), "veh-overwrite", interval, interval,
        0, bed.proxies);
    ShareFetcher fetcher = bed.fetcher(grantee, bed.proxies);
    ShareFetcher.Grant opened = fetcher.open(grant.grantId());
    assertEquals(bed.reader().readAsOwner(manifest, owner), fetcher.read(opened, manifest).readings());

    // a stranger makes kfrags of its own for the same grant id (to its own grantee key) and delivers them,
    // unsigned and signed by its own account
    AccountPrivateKey stranger = AccountPrivateKey.generate();
    List<Delegation.Proxy> targets = targets(bed.proxies);
    Delegation forged = Delegation.make(UmbralSecretKey.generate(), "veh-overwrite", UmbralSecretKey.generate()
        .publicKey(), targets, 2, interval, interval, SharingTestbed.EPOCH);
    for (int i = 0; i < bed.proxies.size(); i++) {
      Messages.KfragDelivery signed = forged.deliveryFor(grant.grantId(), i, stranger);
      ProxyClient client = bed.proxies.get(i).client();
      assertRefused(403, "not signed", () -> client.deliver(signed.unsigned()));
      assertRefused(403, "not signed by the owner of grant", () -> client.deliver(signed));
    }
    for (Proxy proxy : bed.proxies) {
      assertEquals(Hex.of(grant.terms().encode()), proxy.client().terms(grant.grantId()).terms(),
          "proxy " + proxy.index() + " still holds the owner's kfrags");
    }
    assertEquals(bed.reader().readAsOwner(manifest, owner), fetcher.read(opened, manifest).readings(),
        "the grantee still fetches");
  }

  /**
   * The proxy reads grants from one chain node: cut that node off while the revocation becomes final on
   * the other three, and its view says the grant is in force. The proxy must not re-encrypt on that
   * view (503: too old), while the grantee still fetches a live grant through the proxies whose view is fresh.
   */
  @Test
  void aProxyWhoseChainNodeIsCutOffDoesNotServeARevokedGrantAndTheOthersStillServe() throws Exception {
    byte[] manifest = bed.write(owner, "veh-stale-view", bed.epochStart, 1).get(0);
    long interval = bed.decode(manifest).getIntervalStartMs();
    GrantIssuer.Issued revoked = bed.grant(ownerAccount, owner, grantee.publicKey(), "veh-stale-view", interval,
        interval, 0, bed.proxies);
    GrantIssuer.Issued live = bed.grant(ownerAccount, owner, grantee.publicKey(), "veh-stale-view", interval,
        interval, 0, bed.proxies);
    Proxy stale = bed.proxies.get(2);
    int staleNode = SharingTestbed.chainNodeOf(stale.index());
    bed.chain.cutOff(staleNode);
    try {
      bed.issuer(bed.proxies).revoke(ownerAccount, revoked.grantId(), SharingTestbed.WAIT);
      ChainClient staleChain = bed.chain.client(staleNode);
      assertFalse(staleChain.grant(revoked.grantId()).orElseThrow().revoked(),
          "node " + staleNode + " is cut off: it still has the grant in force");
      awaitOlderThan(SharingTestbed.MAX_CHAIN_LAG, staleChain);
      AccountPrivateKey granteeAccount = AccountPrivateKey.fromBytes(grantee.toBytes(SecretAccess.get()));
      long now = System.currentTimeMillis();
      Messages.ReencryptRequest request = new Messages.ReencryptRequest(revoked.grantId().toHex(), Hex.of(manifest),
          now, Hex.of(granteeAccount.sign(SignedRequests.reencrypt(revoked.grantId(), manifest, now)).toBytes()));
      assertRefused(503, "chain view", () -> joined(stale.client().reencrypt(request)));

      ShareFetcher fetcher = bed.fetcher(grantee, bed.proxies);
      assertEquals(bed.reader().readAsOwner(manifest, owner),
          fetcher.read(fetcher.open(live.grantId()), manifest).readings(), "2 fresh proxies of 3 suffice");
    } finally {
      bed.chain.kill(staleNode);
      bed.chain.start(staleNode);
      awaitCaughtUp(staleNode); // the other tests use proxy 3 too
    }
  }

  @Test
  void unsignedWronglySignedOffChainAndSecondDeliveriesAreRefused() throws Exception {
    List<Delegation.Proxy> targets = targets(bed.proxies);
    long interval = bed.epochStart;
    ChainClient chain = bed.chain.client(1);

    // a grant signed by its owner but never submitted: its (owner-signed) kfrags are for nothing on the chain
    Delegation offChain = Delegation.make(owner, "veh-deliveries", grantee.publicKey(), targets, 2, interval, interval,
        SharingTestbed.EPOCH);
    Transaction neverSent = grantTx(chain, offChain, targets, interval);
    assertRefused(404, "not on the chain", () -> bed.proxies.get(0).client()
        .deliver(offChain.deliveryFor(neverSent.hash(), 0, ownerAccount)));

    // a grant on the chain, its kfrags delivered by hand
    Delegation delegation = Delegation.make(owner, "veh-deliveries", grantee.publicKey(), targets, 2, interval,
        interval, SharingTestbed.EPOCH);
    Transaction tx = grantTx(chain, delegation, targets, interval);
    chain.submit(tx);
    assertEquals("OK", chain.awaitReceipt(tx.hash(), SharingTestbed.WAIT).status());
    Hash grantId = tx.hash();
    ProxyClient first = bed.proxies.get(0).client();
    Messages.KfragDelivery good = delegation.deliveryFor(grantId, 0, ownerAccount);
    assertRefused(403, "not signed", () -> first.deliver(good.unsigned()));
    // the owner's signature of proxy 1's delivery, presented to proxy 0; and of proxy 0's with a kfrag swapped
    Messages.KfragDelivery forProxy1 = delegation.deliveryFor(grantId, 1, ownerAccount);
    assertRefused(403, "not signed by the owner of grant", () -> first.deliver(forProxy1));
    Messages.KfragDelivery swapped = new Messages.KfragDelivery(good.grantId(), good.terms(), forProxy1.kfrags(),
        good.signature());
    assertRefused(403, "not signed by the owner of grant", () -> first.deliver(swapped));
    assertRefused(400, "signature", () -> first.deliver(new Messages.KfragDelivery(good.grantId(), good.terms(),
        good.kfrags(), "00")));

    awaitOnProxyChain(() -> first.deliver(good));
    first.deliver(good); // the same delivery again (an owner's retry): answered as before
    Messages.KfragDelivery resealed = delegation.deliveryFor(grantId, 0, ownerAccount);
    assertRefused(409, "never replaced", () -> first.deliver(resealed));
    assertEquals(Hex.of(delegation.terms().encode()), first.terms(grantId).terms());
  }

  @Test
  void sixteenSlowClientsDoNotStopNormalRequests() throws Exception {
    Proxy proxy = bed.proxies.get(0);
    List<Socket> slow = new ArrayList<>();
    long opened = System.nanoTime();
    try {
      for (int i = 0; i < 16; i++) {
        Socket socket = new Socket(proxy.url().getHost(), proxy.url().getPort());
        slow.add(socket);
        // half stop in the middle of their headers, half in the middle of their body
        String partial = i % 2 == 0 ? "POST /v1/reencrypt HTTP/1.1\r\nHost: proxy\r\nContent-Ty"
            : "POST /v1/reencrypt HTTP/1.1\r\nHost: proxy\r\nContent-Length: 1000\r\n\r\n{\"grantId\":";
        socket.getOutputStream().write(partial.getBytes(StandardCharsets.US_ASCII));
        socket.getOutputStream().flush();
      }
      long started = System.nanoTime();
      List<CompletableFuture<?>> normal = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        normal.add(CompletableFuture.supplyAsync(() -> proxy.client().info()));
        normal.add(CompletableFuture.supplyAsync(() -> proxy.client().stats()));
      }
      // the bound: all 6 within 5 s (the unlimited proxy answered none of them in 5 s)
      CompletableFuture.allOf(normal.toArray(CompletableFuture[]::new)).get(5, TimeUnit.SECONDS);
      System.out.println("6 normal requests answered in " + (System.nanoTime() - started) / 1_000_000
          + " ms beside 16 slow clients");

      // and the proxy drops the slow ones: a request (headers and body) gets 10 s, checked every second
      for (Socket socket : slow) {
        socket.setSoTimeout(15_000);
        assertEquals(-1, readUntilClosed(socket.getInputStream()), "the proxy closes a slow client's connection");
        long after = (System.nanoTime() - opened) / 1_000_000;
        assertTrue(after < 13_000, "a slow client dropped after " + after + " ms");
      }
    } finally {
      for (Socket socket : slow) {
        socket.close();
      }
    }
  }

  @Test
  void anOversizedBodyIsRefusedWith413BeforeItIsRead() throws Exception {
    Proxy proxy = bed.proxies.get(0);
    for (String route : List.of("/v1/kfrags", "/v1/reencrypt")) {
      try (Socket socket = new Socket(proxy.url().getHost(), proxy.url().getPort())) {
        socket.setSoTimeout(5_000);
        OutputStream out = socket.getOutputStream();
        // 64 MiB announced, 8 KiB sent: an answer now means the proxy did not wait for (or read) the rest
        out.write(("POST " + route + " HTTP/1.1\r\nHost: proxy\r\nContent-Type: application/json\r\n"
            + "Content-Length: " + (64 << 20) + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.write(new byte[8 << 10]);
        out.flush();
        String status;
        try {
          status = new String(socket.getInputStream().readNBytes(12), StandardCharsets.US_ASCII);
        } catch (SocketTimeoutException e) {
          status = "no answer within 5 s";
        }
        assertEquals("HTTP/1.1 413", status, route);
      }
    }
  }

  // --- helpers

  private static List<Delegation.Proxy> targets(List<Proxy> proxies) {
    return SharingTestbed.directory(proxies).discover().values().stream()
        .map(p -> new Delegation.Proxy(p.address(), p.sealingKey())).toList();
  }

  private Transaction grantTx(ChainClient chain, Delegation delegation, List<Delegation.Proxy> targets, long from) {
    Payload.Grant grant = new Payload.Grant("veh-deliveries", GrantIssuer.addressOf(grantee.publicKey()),
        Payload.PURPOSE_READ, from, from, 0, 2, targets.stream().map(Delegation.Proxy::address).toList(),
        delegation.terms().commitment());
    return Transaction.sign(ownerAccount, chain.status().chainId(),
        chain.account(ownerAccount.publicKey().address()).nonce(), grant);
  }

  /** The proxy's chain node may finalise the grant's block a moment after the owner's node: 404 until then. */
  private static void awaitOnProxyChain(Runnable delivery) throws InterruptedException {
    long deadline = System.nanoTime() + SharingTestbed.WAIT.toNanos();
    while (true) {
      try {
        delivery.run();
        return;
      } catch (ProxyClient.Refused e) {
        if (e.status() != 404 || System.nanoTime() > deadline) {
          throw e;
        }
        Thread.sleep(100);
      }
    }
  }

  /** Until the newest final block {@code node} has is older than {@code lag} (the node stays cut off meanwhile). */
  private static void awaitOlderThan(Duration lag, ChainClient node) throws InterruptedException {
    long newest = node.block(node.status().height()).orElseThrow().timestampMs();
    while (System.currentTimeMillis() - newest <= lag.toMillis()) {
      Thread.sleep(100);
    }
  }

  /** Until chain node {@code node} has the blocks node 1 had when asked. */
  private static void awaitCaughtUp(int node) throws InterruptedException {
    long target = bed.chain.client(1).head().height();
    long deadline = System.nanoTime() + SharingTestbed.WAIT.toNanos();
    while (bed.chain.client(node).head().height() < target) {
      assertTrue(System.nanoTime() < deadline, "node " + node + " catches up after its partition");
      Thread.sleep(100);
    }
  }

  /** The future's value, or the refusal it failed with. */
  private static <T> T joined(CompletableFuture<T> future) {
    try {
      return future.join();
    } catch (CompletionException e) {
      throw e.getCause() instanceof ProxyClient.Refused refused ? refused : e;
    }
  }

  private static void assertRefused(int status, String reason, Supplier<?> call) {
    ProxyClient.Refused refused = assertThrows(ProxyClient.Refused.class, call::get, "expected a refusal: " + reason);
    assertEquals(status, refused.status(), refused.getMessage());
    assertTrue(refused.getMessage().contains(reason), refused.getMessage());
  }

  /** Reads until the peer closes (-1), or a reset (also a close); what a dropped connection looks like. */
  private static int readUntilClosed(InputStream in) throws IOException {
    try {
      while (in.read() != -1) {
        // an error page before the close is fine
      }
      return -1;
    } catch (java.net.SocketException reset) {
      return -1;
    }
  }
}
