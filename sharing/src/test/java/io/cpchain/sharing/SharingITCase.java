package io.cpchain.sharing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.cpchain.consensus.api.Hash;
import io.cpchain.consensus.api.Payload;
import io.cpchain.consensus.api.SharingTerms;
import io.cpchain.consensus.api.Transaction;
import io.cpchain.consensus.client.ChainClient;
import io.cpchain.crypto.keys.KeyStore;
import io.cpchain.crypto.pre.Capsule;
import io.cpchain.crypto.pre.CapsuleFrag;
import io.cpchain.crypto.pre.KeyFrag;
import io.cpchain.crypto.pre.Umbral;
import io.cpchain.crypto.pre.UmbralSecretKey;
import io.cpchain.crypto.pre.VerifiedCapsuleFrag;
import io.cpchain.crypto.seal.SealedBox;
import io.cpchain.crypto.seal.SealingKeyPair;
import io.cpchain.crypto.sign.AccountPrivateKey;
import io.cpchain.crypto.sign.Address;
import io.cpchain.encrypt.interval.ManifestKeys;
import io.cpchain.schemas.Bytes;
import io.cpchain.schemas.IntervalManifest;
import io.cpchain.schemas.ValidReading;
import io.cpchain.sharing.SharingTestbed.Proxy;
import io.cpchain.sharing.fetch.ShareFetchException;
import io.cpchain.sharing.fetch.ShareFetcher;
import io.cpchain.sharing.grant.GrantIssuer;
import io.cpchain.sharing.protocol.Hex;
import io.cpchain.sharing.protocol.Messages;
import io.cpchain.sharing.protocol.ProxyClient;
import io.cpchain.sharing.protocol.SignedRequests;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Sharing end to end with real processes: a 4-node chain, 2 storage nodes, 4 proxy processes (the
 * fourth Byzantine: its cfrags fail their proof). Intervals are written by the encrypt job's writer
 * to per-epoch keys; owners grant, grantees fetch, proxies check everything on the chain.
 */
class SharingITCase {

  private static final Duration EPOCH = SharingTestbed.EPOCH;
  private static final Duration WAIT = SharingTestbed.WAIT;

  @TempDir static Path dir;
  private static SharingTestbed bed;
  private static List<Proxy> proxies;
  private static long epochStart;

  private final UmbralSecretKey owner = UmbralSecretKey.generate();
  private final AccountPrivateKey ownerAccount = AccountPrivateKey.generate();
  private final UmbralSecretKey grantee = UmbralSecretKey.generate();

  @BeforeAll
  static void startEverything() throws Exception {
    bed = new SharingTestbed(dir, 2, 4, 4);
    proxies = bed.proxies;
    epochStart = bed.epochStart;
  }

  @AfterAll
  static void stopEverything() throws Exception {
    if (bed != null) {
      bed.close();
    }
  }

  @Test
  void aGranteeOpensExactlyTheGrantedIntervalsAsTheOwnerSeesThem() throws Exception {
    List<byte[]> written = write("veh-share", epochStart, 3);
    GrantIssuer.Issued grant = grant("veh-share", start(written.get(0)), start(written.get(1)), 0, honest());
    ShareFetcher fetcher = fetcher(grantee, honest());
    ShareFetcher.Grant opened = fetcher.open(grant.grantId());
    long reencryptionsBefore = reencryptions(honest());
    for (byte[] manifest : written.subList(0, 2)) {
      assertEquals(ownerView(manifest), fetcher.read(opened, manifest).readings(), "the grantee sees what the owner sees");
    }
    ShareFetchException outside = assertThrows(ShareFetchException.class, () -> fetcher.read(opened, written.get(2)));
    assertTrue(outside.getMessage().contains("is outside the grant"), outside.getMessage());

    // a request not signed by the grantee is refused by every proxy
    AccountPrivateKey stranger = AccountPrivateKey.generate();
    long now = System.currentTimeMillis();
    byte[] manifest = written.get(0);
    Messages.ReencryptRequest forged = new Messages.ReencryptRequest(grant.grantId().toHex(), Hex.of(manifest), now,
        Hex.of(stranger.sign(SignedRequests.reencrypt(grant.grantId(), manifest, now)).toBytes()));
    for (Proxy proxy : honest()) {
      Throwable failed = assertThrows(CompletionException.class,
          () -> new ProxyClient(proxy.url()).reencrypt(forged).join()).getCause();
      ProxyClient.Refused refused = assertInstanceOf(ProxyClient.Refused.class, failed);
      assertEquals(403, refused.status());
      assertTrue(refused.getMessage().contains("not signed by the grantee"), refused.getMessage());
    }
    // Each proxy counts what it re-encrypted: all three answer each read (the grantee goes on with the
    // first two, so the last may still be in flight), and none counts a refusal.
    long expected = reencryptionsBefore + 2L * honest().size();
    for (long deadline = System.nanoTime() + 5_000_000_000L;
        reencryptions(honest()) < expected && System.nanoTime() < deadline; ) {
      Thread.sleep(20);
    }
    assertEquals(expected, reencryptions(honest()));
  }

  private static long reencryptions(List<Proxy> proxies) {
    return proxies.stream().mapToLong(p -> new ProxyClient(p.url()).stats().reencryptions()).sum();
  }

  @Test
  void anExpiredGrantIsRefused() throws Exception {
    List<byte[]> written = write("veh-expiring", epochStart, 1);
    long expiry = System.currentTimeMillis() + 4_000;
    GrantIssuer.Issued grant = grant("veh-expiring", start(written.get(0)), start(written.get(0)), expiry, honest());
    ShareFetcher fetcher = fetcher(grantee, honest());
    ShareFetcher.Grant opened = fetcher.open(grant.grantId());
    assertEquals(ownerView(written.get(0)), fetcher.read(opened, written.get(0)).readings());
    Thread.sleep(Math.max(0, expiry - System.currentTimeMillis()) + 200);
    ShareFetchException expired = assertThrows(ShareFetchException.class, () -> fetcher.read(opened, written.get(0)));
    assertTrue(expired.getMessage().contains("expired"), expired.getMessage());
  }

  @Test
  void aRevokedGrantIsRefusedFromTheBlockThatFinalisesItAndItsKfragsAreErased() throws Exception {
    List<byte[]> written = write("veh-revoked", epochStart, 1);
    GrantIssuer.Issued grant = grant("veh-revoked", start(written.get(0)), start(written.get(0)), 0, honest());
    ShareFetcher fetcher = fetcher(grantee, honest());
    ShareFetcher.Grant opened = fetcher.open(grant.grantId());
    assertEquals(ownerView(written.get(0)), fetcher.read(opened, written.get(0)).readings());

    GrantIssuer.Revoked revocation = issuer(honest()).revoke(ownerAccount, grant.grantId(), WAIT);
    assertEquals(List.of(), revocation.unconfirmed(), "every proxy confirms it erased the grant's kfrags");
    assertEquals(grant.terms().proxies().size(), revocation.erased().size());
    ShareFetchException revoked = assertThrows(ShareFetchException.class, () -> fetcher.read(opened, written.get(0)));
    assertTrue(revoked.getMessage().contains("revoked"), revoked.getMessage());
    for (Proxy proxy : honest()) {
      assertFalse(holds(proxy, grant.grantId()), "proxy " + proxy.index() + " lists the revoked grant");
      try (var files = Files.list(proxy.data().resolve("kfrags"))) {
        assertFalse(files.anyMatch(f -> f.getFileName().toString().startsWith(grant.grantId().toHex().substring(2))),
            "nothing of the grant left on proxy " + proxy.index() + "'s disk");
      }
    }
  }

  @Test
  void aByzantineProxysCfragIsCaughtAndTheGranteeStillOpensWithTheHonestOnes() throws Exception {
    List<Proxy> mixed = List.of(proxies.get(0), proxies.get(1), proxies.get(3));
    List<byte[]> written = write("veh-byzantine", epochStart, 1);
    GrantIssuer.Issued grant = grant("veh-byzantine", start(written.get(0)), start(written.get(0)), 0, mixed);
    ShareFetcher fetcher = fetcher(grantee, mixed);
    ShareFetcher.Grant opened = fetcher.open(grant.grantId());
    Proxy byzantineProxy = proxies.get(3);
    long heightBefore = bed.chain.client(1).head().height();
    long servedBefore = new ProxyClient(byzantineProxy.url()).stats().reencryptions();
    // ask until the Byzantine proxy's answer is among the first two (answers race)
    ShareFetcher.Opened result = null;
    for (int attempt = 0; attempt < 20 && (result == null || result.faults().isEmpty()); attempt++) {
      result = fetcher.read(opened, written.get(0));
      assertEquals(ownerView(written.get(0)), result.readings());
    }
    assertEquals(1, result.faults().size(), "the bad cfrag is proven bad");
    Address byzantine = byzantineProxy.address();
    assertEquals(byzantine, result.faults().get(0).proxy());
    // Its receipts of the reads above are final before the figure is taken: they count in both.
    long served = new ProxyClient(byzantineProxy.url()).stats().reencryptions() - servedBefore;
    awaitReceipts(byzantine, heightBefore, served);
    long before = bed.chain.client(1).account(byzantine).reputation();
    List<Hash> evidence = fetcher.report(result.faults());
    assertEquals("OK", bed.chain.client(1).awaitReceipt(evidence.get(0), WAIT).status(), "the chain accepts the proof");
    assertEquals(1, bed.chain.client(1).account(byzantine).faults(), "the fault is on the chain against that proxy");
    long after = bed.chain.client(1).account(byzantine).reputation();
    // A proxy is an RNode: elected to propose without running a chain node, it misses its slots and can
    // already stand at the floor (0), where a fault has nothing left to take.
    if (before > 0) {
      assertTrue(after < before, "and lowers its reputation: " + before + " -> " + after);
    } else {
      assertEquals(0, after, "and keeps it at the floor");
    }
  }

  @Test
  void withAProxyDownTheGranteeGoesOnAndARestartedProxyKeepsItsKfrags() throws Exception {
    List<byte[]> written = write("veh-restart", epochStart, 1);
    GrantIssuer.Issued grant = grant("veh-restart", start(written.get(0)), start(written.get(0)), 0, honest());
    ShareFetcher fetcher = fetcher(grantee, honest());
    ShareFetcher.Grant opened = fetcher.open(grant.grantId());
    Proxy first = proxies.get(0);
    Proxy second = proxies.get(1);
    first.kill(); // kill -9: only what it fsync'd survives
    try {
      assertEquals(ownerView(written.get(0)), fetcher.read(opened, written.get(0)).readings(), "2 of 3 suffice");
      second.kill();
      ShareFetchException tooFew = assertThrows(ShareFetchException.class,
          () -> fetcher.read(opened, written.get(0)));
      assertTrue(tooFew.getMessage().contains("1 of the 2 cfrags needed"), tooFew.getMessage());
    } finally {
      first.start();
      awaitUp(first);
    }
    assertEquals(ownerView(written.get(0)), fetcher.read(opened, written.get(0)).readings(),
        "the restarted proxy serves from the kfrags it kept");
    second.start();
    awaitUp(second);
  }

  @Test
  void allProxiesTogetherCannotReencryptAnotherEpoch() throws Exception {
    List<byte[]> epochA = write("veh-epochs", epochStart, 1);
    List<byte[]> epochB = write("veh-epochs", epochStart + EPOCH.toMillis(), 1);
    GrantIssuer.Issued grant = grant("veh-epochs", start(epochA.get(0)), start(epochA.get(0)), 0, honest());
    ShareFetcher fetcher = fetcher(grantee, honest());
    ShareFetcher.Grant opened = fetcher.open(grant.grantId());
    assertEquals(ownerView(epochA.get(0)), fetcher.read(opened, epochA.get(0)).readings());

    // every proxy's kfrag of epoch A, opened with every proxy's own sealing key: all of them colluding with the
    // grantee, re-encrypting an epoch B capsule
    SharingTerms terms = grant.terms();
    SharingTerms.EpochKfrags a = terms.epochs().get(0);
    IntervalManifest b = bed.decode(epochB.get(0));
    Capsule capsuleB = Capsule.fromBytes(Bytes.of(b.getCapsule()));
    UmbralSecretKey secretB = ManifestKeys.delegatingSecret(b, owner);
    byte[] keyB = Umbral.decapsulateOriginal(secretB, capsuleB);
    List<VerifiedCapsuleFrag> cfrags = new ArrayList<>();
    for (Proxy proxy : honest()) {
      CapsuleFrag cfrag = Umbral.reencrypt(capsuleB, kfragOf(proxy, grant.grantId())
          .verify(terms.verifying(), a.delegating(), terms.grantee())).unverify();
      assertThrows(GeneralSecurityException.class, () -> cfrag.verify(capsuleB, terms.verifying(),
          secretB.publicKey(), terms.grantee()), "a cfrag made with epoch A's kfrag fails its proof as epoch B's");
      cfrags.add(cfrag.verify(capsuleB, terms.verifying(), a.delegating(), terms.grantee()));
    }
    byte[] asEpochA = Umbral.decapsulateReencrypted(grantee, a.delegating(), capsuleB, cfrags);
    assertFalse(Arrays.equals(keyB, asEpochA), "all of epoch A's kfrags together yield (E+V)·sk_A, not epoch B's key;"
        + " with independent epoch keys nothing public relates the two");
    ShareFetchException outside = assertThrows(ShareFetchException.class, () -> fetcher.read(opened, epochB.get(0)));
    assertTrue(outside.getMessage().contains("in no key epoch") || outside.getMessage().contains("outside the grant"),
        outside.getMessage());
  }

  // --- helpers

  private List<byte[]> write(String device, long from, int count) throws Exception {
    return bed.write(owner, device, from, count);
  }

  private long start(byte[] manifest) throws Exception {
    return bed.decode(manifest).getIntervalStartMs();
  }

  private List<ValidReading> ownerView(byte[] manifest) throws Exception {
    return bed.reader().readAsOwner(manifest, owner);
  }

  private GrantIssuer.Issued grant(String device, long from, long to, long expiresAtMs, List<Proxy> proxies)
      throws Exception {
    return bed.grant(ownerAccount, owner, grantee.publicKey(), device, from, to, expiresAtMs, proxies);
  }

  private static GrantIssuer issuer(List<Proxy> proxies) {
    return bed.issuer(proxies);
  }

  private static ShareFetcher fetcher(UmbralSecretKey key, List<Proxy> proxies) throws Exception {
    return bed.fetcher(key, proxies);
  }

  private static List<Proxy> honest() {
    return proxies.subList(0, 3);
  }

  private static boolean holds(Proxy proxy, Hash grantId) {
    return SharingTestbed.holds(proxy, grantId);
  }

  private static KeyFrag kfragOf(Proxy proxy, Hash grantId) throws Exception {
    Messages.KfragDelivery delivery = new ObjectMapper().readValue(
        proxy.data().resolve("kfrags").resolve(grantId.toHex().substring(2) + ".kfrags.json").toFile(),
        Messages.KfragDelivery.class);
    SealingKeyPair sealing = KeyStore.loadSealingFile(proxy.sealingKey(), SharingTestbed.PASSWORD.toCharArray());
    Address address = proxy.address();
    return KeyFrag.fromBytes(SealedBox.open(sealing, SignedRequests.KFRAG_INFO,
        SignedRequests.kfragAad(grantId, delivery.kfrags().get(0).epoch(), address),
        Hex.parse(delivery.kfrags().get(0).sealed(), "sealed")));
  }

  /**
   * Until {@code count} re-encryption receipts of {@code proxy} are in final blocks after {@code afterHeight}: the proxy
   * batches them, so they are counted in its transactions' payloads, not by its nonce.
   */
  private static void awaitReceipts(Address proxy, long afterHeight, long count) throws Exception {
    long deadline = System.nanoTime() + WAIT.toNanos();
    long counted = 0;
    long height = afterHeight;
    while (counted < count) {
      assertTrue(System.nanoTime() < deadline, count + " receipts of " + proxy.toHex() + " final (" + counted + ")");
      long head = bed.chain.client(1).head().height();
      for (height++; height <= head; height++) {
        for (Transaction tx : ChainClient.decode(bed.chain.client(1).block(height).orElseThrow()).block().txs()) {
          if (tx.sender().equals(proxy)) {
            counted += receiptsIn(tx.payload());
          }
        }
      }
      height = head;
      Thread.sleep(100);
    }
  }

  private static long receiptsIn(Payload payload) {
    if (payload instanceof Payload.ProxyReceipts batch) {
      return batch.receipts().size();
    }
    return payload instanceof Payload.ProxyReceipt ? 1 : 0;
  }

  private static void awaitUp(Proxy proxy) throws Exception {
    SharingTestbed.awaitUp(proxy);
  }
}
