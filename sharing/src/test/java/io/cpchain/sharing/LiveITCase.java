package io.cpchain.sharing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cpchain.consensus.api.Hash;
import io.cpchain.consensus.api.Payload;
import io.cpchain.consensus.api.Transaction;
import io.cpchain.consensus.client.ChainClient;
import io.cpchain.consensus.client.Views;
import io.cpchain.crypto.pre.UmbralSecretKey;
import io.cpchain.crypto.sign.AccountPrivateKey;
import io.cpchain.sharing.SharingTestbed.Proxy;
import io.cpchain.sharing.fetch.LiveSubscription;
import io.cpchain.sharing.fetch.ShareFetcher;
import io.cpchain.sharing.grant.GrantIssuer;
import io.cpchain.sharing.protocol.Hex;
import io.cpchain.sharing.protocol.Messages;
import io.cpchain.sharing.protocol.ProxyClient;
import io.cpchain.sharing.protocol.SignedRequests;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A live subscription end to end on real processes (a 4-node chain, one s3proxy storage node, 3
 * proxies, any 2 re-encrypt): intervals are written, anchored on the chain and announced to the
 * proxies as they come, in start order (the test plays the anchor job and its relay); the grantee's
 * subscription opens each once, in order, also while one proxy is killed and after it is restarted,
 * and records the latency from the anchor's final block to delivery; a stranger's live request is
 * refused; the revocation ends the subscription with {@code revoked}.
 */
class LiveITCase {

  private static final Duration WAIT = SharingTestbed.WAIT;
  private static final String DEVICE = "meter-live";

  @TempDir Path dir;

  private final UmbralSecretKey owner = UmbralSecretKey.generate();
  private final AccountPrivateKey ownerAccount = AccountPrivateKey.generate();
  private final UmbralSecretKey grantee = UmbralSecretKey.generate();
  private final AccountPrivateKey anchorer = AccountPrivateKey.generate();

  @Test
  void aGranteeReceivesEachNewIntervalOnceInOrderUntilTheGrantIsRevoked() throws Exception {
    try (SharingTestbed bed = new SharingTestbed(dir, 1, 3, 0)) {
      long from = bed.epochStart;
      GrantIssuer.Issued grant = bed.grant(ownerAccount, owner, grantee.publicKey(), DEVICE, from,
          from + SharingTestbed.EPOCH.toMillis() - 1, 0, bed.proxies);
      ShareFetcher fetcher = bed.fetcher(grantee, bed.proxies);
      ShareFetcher.Grant opened = fetcher.open(grant.grantId());
      List<Long> latencies = new ArrayList<>();
      List<Long> delivered = new ArrayList<>();
      List<Long> afterRelay = new ArrayList<>();
      try (LiveSubscription live = LiveSubscription.start(fetcher, opened, Long.MIN_VALUE)) {
        // one interval per batch, then a batch of two; proxy 3 is killed after the third batch and restarted
        // after the fifth: the subscription goes on with the other two, and takes proxy 3 back. 20 intervals
        // in all, for the latency's distribution.
        int next = 0;
        Messages.Anchored first = null;
        int[] batches = {1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 2};
        for (int round = 0; round < batches.length; round++) {
          int batch = batches[round];
          if (round == 3) {
            bed.proxies.get(2).kill();
          } else if (round == 5) {
            bed.proxies.get(2).start();
            SharingTestbed.awaitUp(bed.proxies.get(2));
          }
          List<byte[]> written = new ArrayList<>();
          for (int i = 0; i < batch; i++) {
            written.addAll(bed.write(owner, DEVICE, from + (next + i) * 60_000L, 1));
          }
          List<byte[]> receipts = anchor(bed, written);
          if (first == null) {
            first = new Messages.Anchored(Hex.of(written.get(0)), Hex.of(receipts.get(0)));
          }
          for (int i = 0; i < written.size(); i++) {
            relay(bed, written.get(i), receipts.get(i));
          }
          long relayed = System.currentTimeMillis();
          for (byte[] manifest : written) {
            LiveSubscription.Delivered got = assertInstanceOf(LiveSubscription.Delivered.class,
                live.next(WAIT), "interval " + next + " arrives");
            assertEquals(from + next * 60_000L, got.interval().intervalStartMs(), "in order, none skipped");
            assertEquals(bed.reader().readAsOwner(manifest, owner), got.opened().readings());
            latencies.add(got.deliveredAtMs() - got.interval().blockTimestampMs());
            afterRelay.add(got.deliveredAtMs() - relayed);
            delivered.add(got.interval().intervalStartMs());
            next++;
          }
        }
        // the first interval relayed again is not new at the proxies that have it, is refused by the restarted one
        // (it has newer ones since: 409), and is not delivered again (below: the end comes next)
        for (Proxy proxy : bed.proxies.subList(0, 2)) {
          assertFalse(proxy.client().announce(first).fresh());
        }
        Messages.Anchored old = first;
        assertEquals(409, assertThrows(ProxyClient.Refused.class,
            () -> bed.proxies.get(2).client().announce(old)).status());

        // a stranger's live request is refused by every proxy
        AccountPrivateKey stranger = AccountPrivateKey.generate();
        for (Proxy proxy : bed.proxies) {
          long now = System.currentTimeMillis();
          Messages.LiveRequest forged = new Messages.LiveRequest(grant.grantId().toHex(), Long.MIN_VALUE, now,
              Hex.of(stranger.sign(SignedRequests.live(grant.grantId(), Long.MIN_VALUE, now)).toBytes()));
          ProxyClient.Refused refused = assertThrows(ProxyClient.Refused.class, () -> proxy.client().live(forged));
          assertEquals(403, refused.status());
          assertTrue(refused.getMessage().contains("not signed by the grantee"), refused.getMessage());
        }

        GrantIssuer.Revoked revoked = bed.issuer(bed.proxies).revoke(ownerAccount, grant.grantId(), WAIT);
        assertTrue(revoked.unconfirmed().isEmpty(), "every proxy confirms the revocation");
        LiveSubscription.Ended ended = assertInstanceOf(LiveSubscription.Ended.class, live.next(WAIT));
        assertEquals("revoked", ended.reason());
        assertEquals(null, live.next(Duration.ofMillis(200)), "nothing after the end");
      }
      assertEquals(20, delivered.size());
      assertFalse(latencies.isEmpty());
      System.out.println("live latency anchor final -> delivered: " + percentiles(latencies));
      System.out.println("of which after the relay reached every proxy: " + percentiles(afterRelay));
    }
  }

  private static String percentiles(List<Long> values) {
    List<Long> sorted = values.stream().sorted().toList();
    return String.format("p50 %d ms, p99 %d ms, max %d ms over %d intervals %s", sorted.get(sorted.size() / 2),
        sorted.get((int) Math.ceil(sorted.size() * 0.99) - 1), sorted.get(sorted.size() - 1), sorted.size(), values);
  }

  /** Anchors the batch as the anchor job does (one Anchor of the root), and returns its receipts once final. */
  private List<byte[]> anchor(SharingTestbed bed, List<byte[]> manifests) throws Exception {
    ChainClient chain = bed.chain.client(1);
    Hash root = TestAnchors.root(manifests);
    long chainId = chain.status().chainId();
    Transaction tx = Transaction.sign(anchorer, chainId, chain.account(anchorer.publicKey().address()).nonce(),
        new Payload.Anchor("cpchain-manifests", root, manifests.size(), bed.decode(manifests.get(0)).getIntervalStartMs(),
            bed.decode(manifests.get(manifests.size() - 1)).getIntervalEndMs()));
    chain.submit(tx);
    Views.ReceiptInfo receipt = chain.awaitReceipt(tx.hash(), WAIT);
    assertEquals("OK", receipt.status(), receipt.reason());
    Views.BlockInfo block = chain.block(receipt.height()).orElseThrow();
    return TestAnchors.receipts(manifests, anchorer.publicKey().address(), chainId, block.height(),
        Hash.fromHex(block.hash()), block.timestampMs(), tx.hash());
  }

  /**
   * What the relay does: gives each running proxy the anchored interval; a proxy whose chain node has
   * not the anchor's block yet (or whose view does not yet have the grant) says 404, and is asked again.
   */
  private static void relay(SharingTestbed bed, byte[] manifest, byte[] receipt) throws Exception {
    Messages.Anchored anchored = new Messages.Anchored(Hex.of(manifest), Hex.of(receipt));
    for (Proxy proxy : bed.proxies) {
      if (!proxy.process()[0].isAlive()) {
        continue;
      }
      long deadline = System.nanoTime() + WAIT.toNanos();
      while (true) {
        try {
          assertTrue(proxy.client().announce(anchored).fresh(), "a new interval is new at proxy " + proxy.index());
          break;
        } catch (ProxyClient.Refused notYet) {
          assertEquals(404, notYet.status(), notYet.getMessage());
          assertTrue(System.nanoTime() < deadline, "proxy " + proxy.index() + " takes the announcement");
          Thread.sleep(20);
        }
      }
    }
  }
}
