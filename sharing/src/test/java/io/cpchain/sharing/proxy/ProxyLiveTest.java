package io.cpchain.sharing.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cpchain.consensus.api.Hash;
import io.cpchain.consensus.api.Payload;
import io.cpchain.consensus.client.Views;
import io.cpchain.crypto.pre.UmbralSecretKey;
import io.cpchain.crypto.seal.SealingKeyPair;
import io.cpchain.crypto.sign.AccountPrivateKey;
import io.cpchain.crypto.sign.Address;
import io.cpchain.encrypt.TestReadings;
import io.cpchain.encrypt.interval.Interval;
import io.cpchain.encrypt.interval.IntervalWriter;
import io.cpchain.encrypt.interval.ManifestVerifier;
import io.cpchain.schemas.AvroMessages;
import io.cpchain.schemas.IntervalManifest;
import io.cpchain.sharing.TestAnchors;
import io.cpchain.sharing.protocol.Hex;
import io.cpchain.sharing.protocol.Messages;
import io.cpchain.sharing.protocol.SignedRequests;
import io.cpchain.storage.ChunkId;
import io.cpchain.storage.ChunkStore;
import io.cpchain.storage.NodeStore;
import io.cpchain.storage.StorageNode;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The live route's rules on {@link ProxyService} with a chain in memory: who may wait, what comes, in what order, until when. */
class ProxyLiveTest {

  private static final String DEVICE = "meter-7";
  private static final long T0 = 1_700_000_000_000L;
  private static final AvroMessages<IntervalManifest> MANIFESTS = AvroMessages.of(IntervalManifest.class);

  @TempDir Path dir;

  private final AccountPrivateKey proxy = AccountPrivateKey.generate();
  private final AccountPrivateKey pipeline = AccountPrivateKey.generate();
  private final AccountPrivateKey grantee = AccountPrivateKey.generate();
  private final AccountPrivateKey anchorer = AccountPrivateKey.generate();
  private final UmbralSecretKey owner = UmbralSecretKey.generate();
  private final FakeChain chain = new FakeChain();
  private final Hash grantId = Hash.keccak("grant".getBytes());
  private final ExecutorService background = Executors.newCachedThreadPool();
  private ProxyService service;
  private LiveIntervals live;

  @BeforeEach
  void setUp() throws Exception {
    chain.grants.put(grantId, grant(0, null));
    KfragVault vault = new KfragVault(dir.resolve("kfrags"));
    vault.putIfAbsent(grantId, new Messages.KfragDelivery(grantId.toHex(), "00", List.of(), null));
    service = service(vault, Duration.ofSeconds(30), 8, 2);
    service.refresh();
  }

  @AfterEach
  void tearDown() {
    background.shutdownNow();
  }

  @Test
  void anIntervalAnnouncedAfterTheCursorWakesTheWaitingGranteeAtOnce() throws Exception {
    List<byte[]> manifests = manifests(0, 2);
    announce(manifests, 0);
    Future<Messages.Live> waiting = background.submit(() -> service.live(request(grantee, start(0))));
    announce(manifests, 1);
    Messages.Live answer = waiting.get(10, TimeUnit.SECONDS); // the wait is 30 s: only the announcement ends it
    assertEquals(List.of(start(1)), starts(answer));
    assertNull(answer.end());
    assertEquals(Hex.of(manifests.get(1)), answer.intervals().get(0).manifest());
    assertEquals(chain.block.timestampMs(), answer.intervals().get(0).blockTimestampMs());
  }

  @Test
  void intervalsComeInStartOrderEachOncePerCursor() throws Exception {
    List<byte[]> manifests = manifests(0, 4);
    for (int i : new int[] {0, 1, 3}) {
      assertTrue(announce(manifests, i));
    }
    assertFalse(announce(manifests, 3), "an interval announced again is not new");
    ProxyRefusal older = assertThrows(ProxyRefusal.class, () -> announce(manifests, 2));
    assertEquals(409, older.status(), "an interval older than the newest announced would be skipped: refused");
    assertEquals(List.of(start(0), start(1), start(3)), starts(service.live(request(grantee, Long.MIN_VALUE))));
    assertEquals(List.of(start(3)), starts(service.live(request(grantee, start(1)))));
  }

  @Test
  void withNothingNewTheAnswerIsAnEmptyHeartbeatAfterTheWait() throws Exception {
    LiveIntervals quick = new LiveIntervals(Duration.ofMillis(300), 8, 2, Clock.systemUTC());
    service = new ProxyService(proxy, SealingKeyPair.generate(), new KfragVault(dir.resolve("kfrags")), chain,
        new ManifestVerifier(Set.of(pipeline.publicKey().address())), receipt -> {}, Duration.ofMinutes(5),
        Duration.ofSeconds(10), Reencryption.UMBRAL, Clock.systemUTC(), quick);
    Messages.Live answer = service.live(request(grantee, Long.MIN_VALUE));
    assertTrue(answer.intervals().isEmpty());
    assertNull(answer.end());
  }

  @Test
  void aRequestNotSignedByTheGranteeIsRefused() {
    ProxyRefusal refusal = assertThrows(ProxyRefusal.class,
        () -> service.live(request(AccountPrivateKey.generate(), Long.MIN_VALUE)));
    assertEquals(403, refusal.status());
    assertTrue(refusal.getMessage().contains("not signed by the grantee"), refusal.getMessage());
  }

  @Test
  void aSignatureOverAnotherCursorIsRefused() {
    long now = System.currentTimeMillis();
    String signature = Hex.of(grantee.sign(SignedRequests.live(grantId, 5, now)).toBytes());
    ProxyRefusal refusal = assertThrows(ProxyRefusal.class,
        () -> service.live(new Messages.LiveRequest(grantId.toHex(), 6, now, signature)));
    assertEquals(403, refusal.status());
  }

  @Test
  void aStaleRequestIsRefused() {
    long then = System.currentTimeMillis() - Duration.ofMinutes(6).toMillis();
    Messages.LiveRequest stale = new Messages.LiveRequest(grantId.toHex(), 0, then,
        Hex.of(grantee.sign(SignedRequests.live(grantId, 0, then)).toBytes()));
    assertEquals(403, assertThrows(ProxyRefusal.class, () -> service.live(stale)).status());
  }

  @Test
  void aGrantThatDoesNotNameThisProxyOrIsUnknownIsRefused() {
    Hash other = Hash.keccak("other".getBytes());
    chain.grants.put(other, new Views.GrantInfo(other.toHex(), DEVICE, "0x00", grantee.publicKey().address().toHex(),
        Payload.PURPOSE_READ, T0, Long.MAX_VALUE, 0, 2, List.of(AccountPrivateKey.generate().publicKey().address()
        .toHex()), "0x00", 1, T0, null, null));
    assertEquals(403, assertThrows(ProxyRefusal.class, () -> service.live(request(grantee, 0, other))).status());
    Hash unknown = Hash.keccak("unknown".getBytes());
    assertEquals(404, assertThrows(ProxyRefusal.class, () -> service.live(request(grantee, 0, unknown))).status());
  }

  @Test
  void aRevocationEndsTheWaitingRequestAndEveryLaterOneWithRevoked() throws Exception {
    Future<Messages.Live> waiting = background.submit(() -> service.live(request(grantee, Long.MIN_VALUE)));
    awaitWaiting(1);
    chain.grants.put(grantId, grant(0, 42L));
    service.refresh();
    Messages.Live ended = waiting.get(10, TimeUnit.SECONDS);
    assertEquals("revoked", ended.end());
    assertTrue(ended.intervals().isEmpty());
    assertEquals("revoked", service.live(request(grantee, Long.MIN_VALUE)).end());
  }

  @Test
  void anExpiryEndsTheWaitAtTheExpiryTime() throws Exception {
    long expires = System.currentTimeMillis() + 500;
    chain.grants.put(grantId, grant(expires, null));
    service.refresh();
    Messages.Live ended = assertTimeoutPreemptively(Duration.ofSeconds(10),
        () -> service.live(request(grantee, Long.MIN_VALUE)));
    assertEquals("expired", ended.end());
    assertTrue(System.currentTimeMillis() >= expires);
  }

  @Test
  void aCursorAtTheGrantsLastIntervalEndsWithComplete() throws Exception {
    chain.grants.put(grantId, new Views.GrantInfo(grantId.toHex(), DEVICE, "0x00",
        grantee.publicKey().address().toHex(), Payload.PURPOSE_READ, T0, start(3), 0, 2,
        List.of(proxy.publicKey().address().toHex()), "0x00", 1, T0, null, null));
    service.refresh();
    assertEquals("complete", service.live(request(grantee, start(3))).end());
  }

  @Test
  void waitingRequestsAreCappedPerGrantAndPerProxy() throws Exception {
    background.submit(() -> service.live(request(grantee, Long.MIN_VALUE)));
    background.submit(() -> service.live(request(grantee, Long.MIN_VALUE)));
    awaitWaiting(2);
    ProxyRefusal perGrant = assertThrows(ProxyRefusal.class, () -> service.live(request(grantee, Long.MIN_VALUE)));
    assertEquals(503, perGrant.status());
    assertTrue(perGrant.getMessage().contains("grant"), perGrant.getMessage());

    LiveIntervals two = new LiveIntervals(Duration.ofSeconds(30), 2, 2, Clock.systemUTC());
    Hash a = Hash.keccak("a".getBytes());
    Hash b = Hash.keccak("b".getBytes());
    background.submit(() -> two.await(a, DEVICE, 0, i -> true, Long.MAX_VALUE, () -> null));
    background.submit(() -> two.await(b, DEVICE, 0, i -> true, Long.MAX_VALUE, () -> null));
    awaitWaiting(two, 2);
    ProxyRefusal perProxy = assertThrows(ProxyRefusal.class,
        () -> two.await(Hash.keccak("c".getBytes()), DEVICE, 0, i -> true, Long.MAX_VALUE, () -> null));
    assertEquals(503, perProxy.status());
  }

  @Test
  void aWaitingClientDoesNotHoldUpTheViewRefresh() throws Exception {
    background.submit(() -> service.live(request(grantee, Long.MIN_VALUE)));
    awaitWaiting(1);
    assertTimeoutPreemptively(Duration.ofSeconds(5), () -> service.refresh());
  }

  @Test
  void announcementsAreCheckedAgainstTheChainNotTakenOnTheSendersWord() throws Exception {
    List<byte[]> manifests = manifests(0, 2);
    List<byte[]> receipts = receipts(manifests);
    // a receipt of another manifest
    assertEquals(403, refusal(manifests.get(0), receipts.get(1)).status());
    // a root nobody anchored
    chain.anchors.clear();
    assertEquals(404, refusal(manifests.get(0), receipts.get(0)).status());
    receipts(manifests);
    // a manifest the trusted pipeline did not sign
    List<byte[]> forged = manifests(AccountPrivateKey.generate(), DEVICE, 0, 1);
    assertEquals(403, refusal(forged.get(0), receipts(forged).get(0)).status());
    // a device no grant held here covers
    List<byte[]> stranger = manifests(pipeline, "meter-8", 0, 1);
    assertEquals(404, refusal(stranger.get(0), receipts(stranger).get(0)).status());
    // a receipt naming another block time than the chain's
    chain.block = new Views.BlockInfo(chain.block.height(), chain.block.hash(), chain.block.prevHash(), 0,
        chain.block.proposer(), chain.block.timestampMs() + 1, "", "", List.of(), 0, 0, "");
    assertEquals(403, refusal(manifests.get(0), receipts.get(0)).status());
  }

  private ProxyRefusal refusal(byte[] manifest, byte[] receipt) {
    return assertThrows(ProxyRefusal.class,
        () -> service.announce(new Messages.Anchored(Hex.of(manifest), Hex.of(receipt))));
  }

  private boolean announce(List<byte[]> manifests, int i) throws ProxyRefusal {
    return service.announce(new Messages.Anchored(Hex.of(manifests.get(i)), Hex.of(receipts(manifests).get(i))));
  }

  /** The batch's receipts, its root anchored by {@link #anchorer} in the fake chain's block. */
  private List<byte[]> receipts(List<byte[]> manifests) {
    Hash root = TestAnchors.root(manifests);
    Hash tx = Hash.keccak(root.toBytes());
    chain.anchors.put(root, new Views.AnchorInfo(root.toHex(), "cpchain-manifests", manifests.size(), 0, 0,
        anchorer.publicKey().address().toHex(), chain.block.height(), tx.toHex()));
    return TestAnchors.receipts(manifests, anchorer.publicKey().address(), 1, chain.block.height(),
        Hash.fromHex(chain.block.hash()), chain.block.timestampMs(), tx);
  }

  private List<byte[]> manifests(int from, int count) throws Exception {
    return manifests(pipeline, DEVICE, from, count);
  }

  private List<byte[]> manifests(AccountPrivateKey writer, String device, int from, int count) throws Exception {
    IntervalWriter intervals = new IntervalWriter(new ChunkStore(List.of(new MemoryNode()), 1), writer, 4096,
        Duration.ofHours(1));
    List<byte[]> out = new ArrayList<>();
    for (int i = from; i < from + count; i++) {
      out.add(MANIFESTS.encode(intervals.write(new Interval(device, "owner", owner.publicKey(), start(i),
          start(i) + 60_000, TestReadings.readings(device, "owner", start(i), 3, 1_000, start(i))))));
    }
    return out;
  }

  private static long start(int i) {
    return T0 + i * 60_000L;
  }

  private static List<Long> starts(Messages.Live live) {
    return live.intervals().stream().map(Messages.LiveInterval::intervalStartMs).toList();
  }

  private Messages.LiveRequest request(AccountPrivateKey signer, long after) {
    return request(signer, after, grantId);
  }

  private static Messages.LiveRequest request(AccountPrivateKey signer, long after, Hash grant) {
    long now = System.currentTimeMillis();
    return new Messages.LiveRequest(grant.toHex(), after, now,
        Hex.of(signer.sign(SignedRequests.live(grant, after, now)).toBytes()));
  }

  private Views.GrantInfo grant(long expiresAtMs, Long revokedHeight) {
    return new Views.GrantInfo(grantId.toHex(), DEVICE, "0x00", grantee.publicKey().address().toHex(),
        Payload.PURPOSE_READ, T0, Long.MAX_VALUE, expiresAtMs, 2, List.of(proxy.publicKey().address().toHex()),
        "0x00", 1, T0, revokedHeight, revokedHeight == null ? null : T0);
  }

  private ProxyService service(KfragVault vault, Duration wait, int maxWaiting, int perGrant) {
    live = new LiveIntervals(wait, maxWaiting, perGrant, Clock.systemUTC());
    return new ProxyService(proxy, SealingKeyPair.generate(), vault, chain,
        new ManifestVerifier(Set.of(pipeline.publicKey().address())), receipt -> {}, Duration.ofMinutes(5),
        Duration.ofSeconds(10), Reencryption.UMBRAL, Clock.systemUTC(), live);
  }

  private void awaitWaiting(int count) throws InterruptedException {
    awaitWaiting(live, count);
  }

  /** Until {@code count} requests wait (they start on other threads); bounded, so a bug fails rather than hangs. */
  private static void awaitWaiting(LiveIntervals intervals, int count) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (intervals.waiting() < count) {
      assertTrue(System.nanoTime() < deadline, count + " requests wait");
      Thread.onSpinWait();
    }
  }

  /** The chain as a proxy reads it: a fresh head, the grants, the anchors and one block they are in. */
  private static final class FakeChain implements ProxyService.Chain {
    final Map<Hash, Views.GrantInfo> grants = new ConcurrentHashMap<>();
    final Map<Hash, Views.AnchorInfo> anchors = new ConcurrentHashMap<>();
    volatile Views.BlockInfo block = new Views.BlockInfo(7, Hash.keccak("block".getBytes()).toHex(),
        Hash.ZERO.toHex(), 0, "0x00", System.currentTimeMillis(), "", "", List.of(), 0, 0, "");

    @Override
    public Optional<Views.GrantInfo> grant(Hash id) {
      return Optional.ofNullable(grants.get(id));
    }

    @Override
    public Views.Head head() {
      return new Views.Head(block.height(), block.hash(), System.currentTimeMillis());
    }

    @Override
    public Optional<Views.AnchorInfo> anchor(Address submitter, Hash root) {
      return Optional.ofNullable(anchors.get(root)).filter(a -> a.submitter().equals(submitter.toHex()));
    }

    @Override
    public Optional<Views.BlockInfo> block(long height) {
      return Optional.of(block).filter(b -> b.height() == height);
    }
  }

  /** One storage node in memory: the writer stores the interval's chunks somewhere. */
  private static final class MemoryNode implements NodeStore {
    private final Map<ChunkId, byte[]> chunks = new ConcurrentHashMap<>();

    @Override
    public StorageNode node() {
      return new StorageNode("memory", URI.create("http://memory.invalid"), StorageNode.DEFAULT_BUCKET, "none");
    }

    @Override
    public void put(ChunkId id, byte[] content) {
      chunks.put(id, content.clone());
    }

    @Override
    public Optional<byte[]> get(ChunkId id) {
      return Optional.ofNullable(chunks.get(id)).map(byte[]::clone);
    }

    @Override
    public Set<ChunkId> list() {
      return Set.copyOf(chunks.keySet());
    }

    @Override
    public boolean healthy() {
      return true;
    }
  }
}
