package io.cpchain.sharing.proxy;

import io.cpchain.consensus.api.CodecException;
import io.cpchain.consensus.api.Hash;
import io.cpchain.consensus.api.Payload;
import io.cpchain.consensus.api.ProxyResponse;
import io.cpchain.consensus.api.SharingTerms;
import io.cpchain.consensus.client.Views;
import io.cpchain.crypto.CryptoFormatException;
import io.cpchain.crypto.merkle.InclusionProof;
import io.cpchain.crypto.pre.Capsule;
import io.cpchain.crypto.pre.KeyFrag;
import io.cpchain.crypto.pre.VerifiedKeyFrag;
import io.cpchain.crypto.seal.SealedBox;
import io.cpchain.crypto.seal.SealingKeyPair;
import io.cpchain.crypto.sign.AccountPrivateKey;
import io.cpchain.crypto.sign.Address;
import io.cpchain.crypto.sign.RecoverableSignature;
import io.cpchain.encrypt.interval.IntervalReadException;
import io.cpchain.encrypt.interval.ManifestVerifier;
import io.cpchain.schemas.AnchorReceipt;
import io.cpchain.schemas.AvroMessages;
import io.cpchain.schemas.Bytes;
import io.cpchain.schemas.IntervalManifest;
import io.cpchain.sharing.grant.Delegation;
import io.cpchain.sharing.protocol.Hex;
import io.cpchain.sharing.protocol.Messages;
import io.cpchain.sharing.protocol.SignedRequests;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * What a proxy does, without its transport: accepts kfrags only from the owner of a grant final on
 * the chain and addressed to it (checked against the terms before they are kept, never replaced),
 * and re-encrypts one interval's capsule for a grantee only if the finalised chain says
 * the grant exists with these terms, is in force and covers the interval, the request is signed by
 * the grantee and fresh, the chain node's view is at most {@code maxChainLag} old
 * ({@link ChainFreshness}), and the manifest (where the capsule comes from) is signed by a trusted
 * pipeline node and belongs to the granted device. Every cfrag it returns is signed and receipted on
 * the chain.
 *
 * <p>Requests do not ask the chain node: they act on the {@link View} that {@link #refresh} (on
 * every final block) reads, the node's head and then each held grant, so the grants are at least
 * as new as the head whose age is checked. The one exception is an announcement of an anchored
 * interval ({@link #announce}), whose anchor and block are read once, after every check that needs no
 * chain passed. Live requests ({@link #live}) wait in {@link LiveIntervals} for announcements.
 */
public final class ProxyService {

  /** The finalised chain as the proxy's node has it; a call throws {@link UncheckedIOException} if it does not answer. */
  public interface Chain {
    Optional<Views.GrantInfo> grant(Hash id);

    /** The newest final block the node has applied: a grant read after it is at least as new. */
    Views.Head head();

    /** {@code submitter}'s anchor of {@code root}, if final. */
    Optional<Views.AnchorInfo> anchor(Address submitter, Hash root);

    Optional<Views.BlockInfo> block(long height);
  }

  /** HPKE's encapsulated key, one kfrag and its tag take well under this. */
  static final int MAX_SEALED_KFRAG = 1024;
  /** The largest manifest a proxy reads: Kafka's default largest message, which the manifests topic carries. */
  static final int MAX_MANIFEST = 1 << 20;
  /** An anchor receipt: its proof has at most 64 hashes of 32 bytes; the rest is well under 1 KiB. */
  static final int MAX_RECEIPT = 4096;
  /**
   * How long a live request waits before an empty answer (the heartbeat): below the server's 10 s
   * response timeout, so a waiting request is never cut off by it.
   */
  static final Duration LIVE_WAIT = Duration.ofSeconds(5);
  /** Live requests waiting at once: a quarter of the server's connections, so re-encryptions keep the rest. */
  static final int MAX_LIVE_WAITING = 64;
  /** Per grant: a grantee's subscriber needs one, a few more cover reconnects whose old request still waits. */
  static final int MAX_LIVE_PER_GRANT = 4;

  private static final AvroMessages<AnchorReceipt> RECEIPTS = AvroMessages.of(AnchorReceipt.class);

  private static final com.sun.management.OperatingSystemMXBean PROCESS =
      (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

  private final AccountPrivateKey account;
  private final Address address;
  private final SealingKeyPair sealing;
  private final KfragVault vault;
  private final Chain chain;
  private final ChainFreshness freshness;
  private final ManifestVerifier manifests;
  private final Consumer<Payload> receipts;
  private final Duration requestMaxAge;
  private final Reencryption reencryption;
  private final Clock clock;
  private final LiveIntervals live;
  /** Verified kfrags by grant and epoch, in memory only: on disk they stay sealed. */
  private final ConcurrentHashMap<Hash, ConcurrentHashMap<Long, VerifiedKeyFrag>> opened = new ConcurrentHashMap<>();
  /** Cfrags made since start: what a load test counts, at the proxy rather than from its clients. */
  private final AtomicLong reencryptions = new AtomicLong();
  /** The chain as the last {@link #refresh} read it; null before the first. */
  private volatile View view;

  /**
   * The chain node's newest final head, then every grant whose kfrags are held, read after it (an
   * empty value: not on the chain). A grant delivered since is read from the node until the next refresh.
   */
  private record View(Views.Head head, Map<Hash, Optional<Views.GrantInfo>> grants) {}

  ProxyService(AccountPrivateKey account, SealingKeyPair sealing, KfragVault vault, Chain chain,
      ManifestVerifier manifests, Consumer<Payload> receipts, Duration requestMaxAge, Duration maxChainLag,
      Reencryption reencryption, Clock clock) {
    this(account, sealing, vault, chain, manifests, receipts, requestMaxAge, maxChainLag, reencryption, clock,
        new LiveIntervals(LIVE_WAIT, MAX_LIVE_WAITING, MAX_LIVE_PER_GRANT, clock));
  }

  ProxyService(AccountPrivateKey account, SealingKeyPair sealing, KfragVault vault, Chain chain,
      ManifestVerifier manifests, Consumer<Payload> receipts, Duration requestMaxAge, Duration maxChainLag,
      Reencryption reencryption, Clock clock, LiveIntervals live) {
    this.live = live;
    this.account = account;
    this.address = account.publicKey().address();
    this.sealing = sealing;
    this.vault = vault;
    this.chain = chain;
    this.freshness = new ChainFreshness(maxChainLag, clock);
    this.manifests = manifests;
    this.receipts = receipts;
    this.requestMaxAge = requestMaxAge;
    this.reencryption = reencryption;
    this.clock = clock;
  }

  public Address address() {
    return address;
  }

  public Messages.ProxyInfo info() {
    byte[] key = sealing.publicKey().toBytes();
    return new Messages.ProxyInfo(address.toHex(), Hex.of(key),
        Hex.of(account.sign(SignedRequests.sealingKey(sealing.publicKey())).toBytes()));
  }

  /**
   * Keeps a delivery only if it is signed by the owner the finalised chain has for the grant, the
   * grant is addressed to this proxy, in force, and commits to these terms; and every kfrag in it
   * opens, is this proxy's share listed in the terms, and verifies against the epoch's delegating key
   * and the grantee's key. A grant's kfrags are never replaced: a second delivery is refused (409),
   * unless it is the one already held (an owner's retry), which is answered as the first was.
   */
  public void accept(Messages.KfragDelivery delivery) throws ProxyRefusal {
    Hash grantId = grantId(delivery.grantId());
    byte[] termsBytes = bounded(delivery);
    Address signer = deliverySigner(grantId, termsBytes, delivery);
    Views.GrantInfo grant = grantOnChain(grantId).orElseThrow(() -> new ProxyRefusal(404, "grant "
        + grantId.toHex() + " is not on the chain (yet): kfrags are taken for a final grant only"));
    if (!grant.owner().equals(signer.toHex())) {
      throw new ProxyRefusal(403, "the delivery is not signed by the owner of grant " + grantId.toHex());
    }
    if (!grant.proxies().contains(address.toHex())) {
      throw new ProxyRefusal(403, "grant " + grantId.toHex() + " is not addressed to this proxy (" + address.toHex()
          + ")");
    }
    SharingTerms terms = decodeTerms(termsBytes);
    inForce(grantId, terms, Optional.of(grant));
    if (isHeld(grantId, delivery)) {
      return;
    }
    int index = terms.proxyIndex(address);
    if (index < 0) {
      throw new ProxyRefusal(403, "this proxy (" + address.toHex() + ") is not in the grant's terms");
    }
    if (delivery.kfrags().size() != terms.epochs().size()) {
      throw new ProxyRefusal(400, "the delivery must hold one kfrag per epoch of the terms");
    }
    for (int e = 0; e < terms.epochs().size(); e++) {
      SharingTerms.EpochKfrags epoch = terms.epochs().get(e);
      Messages.SealedKfrag sealed = delivery.kfrags().get(e);
      if (sealed.epoch() != epoch.epoch()) {
        throw new ProxyRefusal(400, "kfrags must come in the terms' epoch order");
      }
      KeyFrag kfrag = open(grantId, sealed);
      if (!Hash.keccak(kfrag.toBytes()).equals(epoch.kfragHashes().get(index))) {
        throw new ProxyRefusal(400, "epoch " + epoch.epoch() + ": the kfrag is not the one the terms list for "
            + "this proxy");
      }
      verified(kfrag, terms, epoch);
    }
    if (!vault.putIfAbsent(grantId, delivery) && !isHeld(grantId, delivery)) {
      throw alreadyHeld(grantId); // another delivery for this grant was stored meanwhile
    }
  }

  /** True if exactly this delivery is held; a refusal if another one is. */
  private boolean isHeld(Hash grantId, Messages.KfragDelivery delivery) throws ProxyRefusal {
    Optional<Messages.KfragDelivery> held = vault.get(grantId);
    if (held.isEmpty()) {
      return false;
    }
    if (!held.get().unsigned().equals(delivery.unsigned())) {
      throw alreadyHeld(grantId);
    }
    return true;
  }

  private static ProxyRefusal alreadyHeld(Hash grantId) {
    return new ProxyRefusal(409, "this proxy already holds kfrags for grant " + grantId.toHex()
        + "; a grant's kfrags are never replaced");
  }

  /** The delivery's terms, once its sizes are within what a grant can need; else a refusal. */
  private static byte[] bounded(Messages.KfragDelivery delivery) throws ProxyRefusal {
    if (delivery.terms() == null || delivery.terms().length() > 2 * (Payload.MAX_TERMS + 1)) {
      throw new ProxyRefusal(400, "the terms are missing or longer than " + Payload.MAX_TERMS + " bytes");
    }
    if (delivery.kfrags() == null || delivery.kfrags().isEmpty() || delivery.kfrags().size() > Delegation.MAX_EPOCHS) {
      throw new ProxyRefusal(400, "a delivery holds 1 to " + Delegation.MAX_EPOCHS + " kfrags");
    }
    for (Messages.SealedKfrag kfrag : delivery.kfrags()) {
      if (kfrag == null || kfrag.sealed() == null || kfrag.sealed().length() > 2 * (MAX_SEALED_KFRAG + 1)) {
        throw new ProxyRefusal(400, "a sealed kfrag is missing or longer than " + MAX_SEALED_KFRAG + " bytes");
      }
    }
    return Hex.parse(delivery.terms(), "terms");
  }

  /** Who signed the delivery for this grant and this proxy (any key recovers some address: the caller compares). */
  private Address deliverySigner(Hash grantId, byte[] terms, Messages.KfragDelivery delivery) throws ProxyRefusal {
    if (delivery.signature() == null) {
      throw new ProxyRefusal(403, "the delivery is not signed (by the grant's owner)");
    }
    try {
      return RecoverableSignature.fromBytes(Hex.parse(delivery.signature(), "signature"))
          .recover(SignedRequests.kfragDelivery(grantId, address, terms, delivery.kfrags())).address();
    } catch (GeneralSecurityException e) {
      throw new ProxyRefusal(400, "the delivery's signature is malformed");
    }
  }

  public Messages.Terms terms(Hash grantId) throws ProxyRefusal {
    Messages.KfragDelivery delivery = vault.get(grantId).orElseThrow(() -> noKfrags(grantId));
    return new Messages.Terms(grantId.toHex(), delivery.terms());
  }

  public List<Hash> held() {
    return vault.grants();
  }

  public Messages.ProxyStats stats() {
    return new Messages.ProxyStats(reencryptions.get(), PROCESS.getProcessCpuTime());
  }

  /**
   * Re-encrypts one interval for the grantee, or says why not. The view's head is at most as new as
   * its grants; its age is checked first (a stale node is refused at once) and again, on the view
   * then current, just before the cfrag is made (the age of what the answer rests on).
   */
  public Messages.ReencryptResponse reencrypt(Messages.ReencryptRequest request) throws ProxyRefusal {
    Hash grantId = grantId(request.grantId());
    View view = view();
    freshness.require(view.head());
    Messages.KfragDelivery delivery = vault.get(grantId).orElseThrow(() -> noKfrags(grantId));
    SharingTerms terms = terms(delivery.terms());
    Views.GrantInfo grant = inForce(grantId, terms, grant(view, grantId));
    byte[] manifestBytes = Hex.parse(request.manifest(), "manifest");
    requireSignedByGrantee(grantId, grant, request.requestedAtMs(), request.signature(),
        SignedRequests.reencrypt(grantId, manifestBytes, request.requestedAtMs()));
    IntervalManifest manifest;
    try {
      manifest = manifests.verified(manifestBytes);
    } catch (IntervalReadException e) {
      throw new ProxyRefusal(403, e.getMessage());
    }
    long interval = manifest.getIntervalStartMs();
    if (!manifest.getDeviceId().equals(grant.dataset())) {
      throw new ProxyRefusal(403, "the manifest is of device " + manifest.getDeviceId() + ", the grant covers "
          + grant.dataset());
    }
    if (interval < grant.fromInterval() || interval > grant.toInterval()) {
      throw new ProxyRefusal(403, "interval " + interval + " is outside the grant [" + grant.fromInterval() + ", "
          + grant.toInterval() + "]");
    }
    if (manifest.getKeyEpochLengthMs() != terms.epochLengthMs()) {
      throw new ProxyRefusal(403, "the interval's key epochs last " + manifest.getKeyEpochLengthMs()
          + " ms, the grant's kfrags are for epochs of " + terms.epochLengthMs() + " ms");
    }
    SharingTerms.EpochKfrags epoch = terms.epochFor(interval)
        .orElseThrow(() -> new ProxyRefusal(403, "interval " + interval + " is in no epoch of the grant"));
    VerifiedKeyFrag kfrag = kfrag(grantId, delivery, terms, epoch);
    byte[] capsuleBytes = Bytes.of(manifest.getCapsule());
    Capsule capsule;
    try {
      capsule = Capsule.fromBytes(capsuleBytes);
    } catch (CryptoFormatException e) {
      throw new ProxyRefusal(400, "the manifest's capsule is malformed");
    }
    freshness.require(view().head());
    byte[] cfrag = reencryption.cfrag(capsule, kfrag, terms);
    reencryptions.incrementAndGet();
    ProxyResponse response = new ProxyResponse(grantId, interval, capsuleBytes, cfrag);
    receipts.accept(new Payload.ProxyReceipt(grantId, interval, response.fragmentHash()));
    return new Messages.ReencryptResponse(grantId.toHex(), interval, Hex.of(capsuleBytes), Hex.of(cfrag),
        Hex.of(response.sign(account).toBytes()));
  }

  /**
   * Reads the chain node's head, then every held grant, erases the kfrags of those the chain says are
   * revoked or expired, and makes what it read the view requests act on. Called on each final block
   * the proxy's chain node reports, and every second in case that stream breaks. A stale view only
   * delays an erasure (a revocation is never undone), and its age makes requests refused; the head is
   * read first so that a node that does not answer costs one timeout, not one per grant.
   *
   * @throws UncheckedIOException if the node does not answer (the previous view stays, ageing)
   */
  public synchronized void refresh() {
    Views.Head head = chain.head();
    Map<Hash, Optional<Views.GrantInfo>> grants = new HashMap<>();
    for (Hash id : vault.grants()) {
      Optional<Views.GrantInfo> grant = chain.grant(id);
      // an ended grant stays in this view (live requests learn from it why it ended), its kfrags do not
      grants.put(id, grant);
      if (grant.isPresent() && !inForce(grant.get())) {
        erase(id);
      }
    }
    view = new View(head, Map.copyOf(grants));
    live.retain(grants.values().stream().flatMap(Optional::stream).filter(this::inForce)
        .map(Views.GrantInfo::dataset).collect(Collectors.toSet()));
  }

  /**
   * A grantee's live request: the grant's intervals anchored after its cursor, as soon as this proxy
   * has them, or why the grant ended. Refused unless the grant is final on the chain, for reading,
   * names this proxy, and the request is the grantee's, signed and fresh. Waits at most
   * {@link #LIVE_WAIT} (an empty answer is the heartbeat) and never past the grant's expiry.
   */
  public Messages.Live live(Messages.LiveRequest request) throws ProxyRefusal {
    Hash grantId = grantId(request.grantId());
    View view = view();
    freshness.require(view.head());
    Views.GrantInfo grant = grant(view, grantId)
        .orElseThrow(() -> new ProxyRefusal(404, "grant " + grantId.toHex() + " is not on the chain (yet)"));
    if (!grant.purpose().equals(Payload.PURPOSE_READ) || !grant.proxies().contains(address.toHex())) {
      throw new ProxyRefusal(403, "grant " + grantId.toHex() + " is not a read grant addressed to this proxy ("
          + address.toHex() + ")");
    }
    requireSignedByGrantee(grantId, grant, request.requestedAtMs(), request.signature(),
        SignedRequests.live(grantId, request.afterMs(), request.requestedAtMs()));
    long until = grant.expiresAtMs() == 0 ? Long.MAX_VALUE : grant.expiresAtMs();
    LiveIntervals.Answer answer = live.await(grantId, grant.dataset(), request.afterMs(),
        i -> i.intervalStartMs() >= grant.fromInterval() && i.intervalStartMs() <= grant.toInterval(), until,
        () -> ended(grantId, grant, request.afterMs()));
    return new Messages.Live(grantId.toHex(), answer.intervals(), answer.end());
  }

  /**
   * Why a live grant stopped, as the newest view (and the clock) says: revoked, expired, or its range
   * delivered to its end; null while it lasts. Reads no chain: it runs on every wake of every waiter.
   */
  private String ended(Hash grantId, Views.GrantInfo asRequested, long afterMs) {
    Optional<Views.GrantInfo> read = view.grants().get(grantId);
    Views.GrantInfo grant = read != null && read.isPresent() ? read.get() : asRequested;
    if (grant.revoked()) {
      return "revoked";
    }
    if (!inForce(grant)) {
      return "expired";
    }
    return afterMs >= grant.toInterval() ? "complete" : null;
  }

  /**
   * Takes an anchored interval to announce to live requests, if it is what it says: the manifest is
   * signed by a trusted pipeline node, the receipt is of exactly these bytes and its inclusion proof
   * leads to the batch root, that root is anchored on the finalised chain (as this proxy's node has it)
   * by the receipt's submitter in the receipt's transaction and block, and a grant this proxy holds
   * covers the interval. Anyone may send one: nothing in it is taken on the sender's word.
   *
   * @return true if it is new here, false if this interval was announced already
   */
  public boolean announce(Messages.Anchored anchored) throws ProxyRefusal {
    if (anchored.manifest() == null || anchored.receipt() == null
        || anchored.receipt().length() > 2 * MAX_RECEIPT) {
      throw new ProxyRefusal(400, "an announcement is a manifest and its receipt of at most " + MAX_RECEIPT
          + " bytes");
    }
    byte[] manifestBytes = Hex.parse(anchored.manifest(), "manifest");
    byte[] receiptBytes = Hex.parse(anchored.receipt(), "receipt");
    IntervalManifest manifest;
    try {
      manifest = manifests.verified(manifestBytes);
    } catch (IntervalReadException e) {
      throw new ProxyRefusal(403, e.getMessage());
    }
    AnchorReceipt receipt;
    try {
      receipt = RECEIPTS.decode(receiptBytes);
    } catch (IOException | RuntimeException e) {
      throw new ProxyRefusal(400, "the receipt is not an AnchorReceipt");
    }
    byte[] leaf = sha256(manifestBytes);
    if (!Arrays.equals(leaf, Bytes.of(receipt.getManifestHash()))
        || !manifest.getDeviceId().equals(receipt.getDeviceId().toString())
        || manifest.getIntervalStartMs() != receipt.getIntervalStartMs()
        || manifest.getIntervalEndMs() != receipt.getIntervalEndMs()) {
      throw new ProxyRefusal(403, "the receipt is not of this manifest");
    }
    byte[] root = Bytes.of(receipt.getBatchRoot());
    try {
      InclusionProof proof = InclusionProof.fromBytes(Bytes.of(receipt.getInclusionProof()));
      if (proof.leafIndex() != receipt.getLeafIndex() || proof.treeSize() != receipt.getLeafCount()
          || root.length != Hash.SIZE || !proof.verifyLeaf(leaf, root)) {
        throw new ProxyRefusal(403, "the receipt's inclusion proof does not lead to its batch root");
      }
    } catch (CryptoFormatException e) {
      throw new ProxyRefusal(400, "the receipt's inclusion proof is malformed");
    }
    View view = view();
    freshness.require(view.head());
    boolean served = view.grants().values().stream().flatMap(Optional::stream).anyMatch(g -> inForce(g)
        && g.purpose().equals(Payload.PURPOSE_READ) && g.dataset().equals(manifest.getDeviceId())
        && manifest.getIntervalStartMs() >= g.fromInterval() && manifest.getIntervalStartMs() <= g.toInterval());
    if (!served) {
      throw new ProxyRefusal(404, "no grant held here covers interval " + manifest.getDeviceId() + " "
          + manifest.getIntervalStartMs());
    }
    if (live.holds(manifest.getDeviceId(), manifest.getIntervalStartMs())) {
      return false; // the first announcement stands: a repeated one costs no chain read
    }
    Address submitter;
    try {
      submitter = Address.fromHex(receipt.getSubmitterAddress().toString());
    } catch (CryptoFormatException e) {
      throw new ProxyRefusal(400, "the receipt's submitter is not an address");
    }
    Views.AnchorInfo anchor = onChain(() -> chain.anchor(submitter, Hash.of(root))).orElseThrow(() ->
        new ProxyRefusal(404, "batch root " + Hex.of(root) + " is not anchored by " + submitter.toHex()
            + " on the chain (yet)"));
    Hash tx = Hash.of(Bytes.of(receipt.getTxHash()));
    if (anchor.height() != receipt.getBlockHeight() || anchor.itemCount() != receipt.getLeafCount()
        || !anchor.txHash().equals(tx.toHex())) {
      throw new ProxyRefusal(403, "the chain anchors batch root " + Hex.of(root) + " in tx " + anchor.txHash()
          + " of block " + anchor.height() + " with " + anchor.itemCount() + " items, not as the receipt says");
    }
    Views.BlockInfo block = onChain(() -> chain.block(anchor.height())).orElseThrow(() ->
        new ProxyRefusal(503, "block " + anchor.height() + " is not on this proxy's chain node"));
    if (block.timestampMs() != receipt.getBlockTimestampMs()
        || !block.hash().equals(Hash.of(Bytes.of(receipt.getBlockHash())).toHex())) {
      throw new ProxyRefusal(403, "block " + block.height() + " is not the one the receipt names");
    }
    return live.add(new Messages.LiveInterval(manifest.getDeviceId(), manifest.getIntervalStartMs(),
        manifest.getIntervalEndMs(), anchored.manifest(), anchored.receipt(), block.height(), block.timestampMs()));
  }

  private static byte[] sha256(byte[] bytes) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(bytes);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every Java platform", e);
    }
  }

  /** The current view; the first request before any refresh makes one (or is refused with a 503). */
  private View view() throws ProxyRefusal {
    View current = view;
    if (current != null) {
      return current;
    }
    onChain(() -> {
      refresh();
      return null;
    });
    return view;
  }

  /** The grant as {@code view} has it, or as the node has it now if the view predates its delivery. */
  private Optional<Views.GrantInfo> grant(View view, Hash grantId) throws ProxyRefusal {
    Optional<Views.GrantInfo> read = view.grants().get(grantId);
    return read != null ? read : grantOnChain(grantId);
  }

  /** The grant as read from the finalised chain, if it is the one of these terms and in force; else a refusal. */
  private Views.GrantInfo inForce(Hash grantId, SharingTerms terms, Optional<Views.GrantInfo> read)
      throws ProxyRefusal {
    Views.GrantInfo grant = read
        .orElseThrow(() -> new ProxyRefusal(404, "grant " + grantId.toHex() + " is not on the chain (yet)"));
    if (!grant.purpose().equals(Payload.PURPOSE_READ) || !grant.kfragCommitment().equals(terms.commitment().toHex())) {
      throw new ProxyRefusal(403, "grant " + grantId.toHex() + " on the chain is not the one these kfrags were "
          + "delivered for");
    }
    if (!inForce(grant)) {
      erase(grantId);
      throw new ProxyRefusal(403, "grant " + grantId.toHex() + (grant.revoked() ? " was revoked at block "
          + grant.revokedHeight() : " expired"));
    }
    return grant;
  }

  /** Why there are no kfrags: the grant ended (they were erased), or they were never delivered here. */
  private ProxyRefusal noKfrags(Hash grantId) {
    Optional<Views.GrantInfo> grant;
    try {
      grant = grantOnChain(grantId);
    } catch (ProxyRefusal chainAway) {
      return chainAway;
    }
    if (grant.isPresent() && grant.get().revoked()) {
      return new ProxyRefusal(403, "grant " + grantId.toHex() + " was revoked at block " + grant.get().revokedHeight()
          + "; its kfrags are erased");
    }
    if (grant.isPresent() && !inForce(grant.get())) {
      return new ProxyRefusal(403, "grant " + grantId.toHex() + " expired; its kfrags are erased");
    }
    return new ProxyRefusal(404, "this proxy holds no kfrags for grant " + grantId.toHex());
  }

  private Optional<Views.GrantInfo> grantOnChain(Hash grantId) throws ProxyRefusal {
    return onChain(() -> chain.grant(grantId));
  }

  /** The chain node's answer; a 503 if it does not give one (down, frozen, slower than maxChainLag). */
  private static <T> T onChain(Supplier<T> read) throws ProxyRefusal {
    try {
      return read.get();
    } catch (UncheckedIOException e) {
      throw new ProxyRefusal(503, "chain view unavailable (" + e.getMessage() + "); ask another proxy");
    }
  }

  private void erase(Hash grantId) {
    vault.erase(grantId);
    opened.remove(grantId);
  }

  /** The epoch's kfrag, opened and verified once, then kept in memory. */
  private VerifiedKeyFrag kfrag(Hash grantId, Messages.KfragDelivery delivery, SharingTerms terms,
      SharingTerms.EpochKfrags epoch) throws ProxyRefusal {
    VerifiedKeyFrag cached = opened.computeIfAbsent(grantId, id -> new ConcurrentHashMap<>()).get(epoch.epoch());
    if (cached != null) {
      return cached;
    }
    int i = delivery.kfrags().stream().map(Messages.SealedKfrag::epoch).toList().indexOf(epoch.epoch());
    VerifiedKeyFrag kfrag = verified(open(grantId, delivery.kfrags().get(i)), terms, epoch);
    opened.get(grantId).put(epoch.epoch(), kfrag);
    return kfrag;
  }

  private boolean inForce(Views.GrantInfo grant) {
    return !grant.revoked() && (grant.expiresAtMs() == 0 || clock.millis() < grant.expiresAtMs());
  }

  private KeyFrag open(Hash grantId, Messages.SealedKfrag sealed) throws ProxyRefusal {
    try {
      return KeyFrag.fromBytes(SealedBox.open(sealing, SignedRequests.KFRAG_INFO,
          SignedRequests.kfragAad(grantId, sealed.epoch(), address), Hex.parse(sealed.sealed(), "sealed kfrag")));
    } catch (GeneralSecurityException e) {
      throw new ProxyRefusal(400, "epoch " + sealed.epoch() + ": the kfrag does not open for this proxy and grant");
    }
  }

  private static VerifiedKeyFrag verified(KeyFrag kfrag, SharingTerms terms, SharingTerms.EpochKfrags epoch)
      throws ProxyRefusal {
    try {
      return kfrag.verify(terms.verifying(), epoch.delegating(), terms.grantee());
    } catch (GeneralSecurityException e) {
      throw new ProxyRefusal(400, "epoch " + epoch.epoch() + ": the kfrag does not verify: " + e.getMessage());
    }
  }

  private static SharingTerms terms(String hex) throws ProxyRefusal {
    return decodeTerms(Hex.parse(hex, "terms"));
  }

  private static SharingTerms decodeTerms(byte[] encoded) throws ProxyRefusal {
    try {
      return SharingTerms.decode(encoded);
    } catch (CodecException | IllegalArgumentException e) {
      throw new ProxyRefusal(400, "the terms do not decode: " + e.getMessage());
    }
  }

  static Hash grantId(String hex) throws ProxyRefusal {
    try {
      return Hash.fromHex(hex);
    } catch (RuntimeException e) {
      throw new ProxyRefusal(400, "grant id must be 32 bytes of hex");
    }
  }


  /** A grantee's request: fresh (within requestMaxAge of this proxy's clock) and signed by the grant's grantee. */
  private void requireSignedByGrantee(Hash grantId, Views.GrantInfo grant, long requestedAtMs, String signature,
      byte[] signed) throws ProxyRefusal {
    long now = clock.millis();
    if (Math.abs(now - requestedAtMs) > requestMaxAge.toMillis()) {
      throw new ProxyRefusal(403, "the request is stale or from the future (requestedAtMs " + requestedAtMs
          + ", now " + now + ")");
    }
    Address signer;
    try {
      signer = RecoverableSignature.fromBytes(Hex.parse(signature, "signature")).recover(signed).address();
    } catch (GeneralSecurityException e) {
      throw new ProxyRefusal(403, "the request's signature is malformed");
    }
    if (!signer.toHex().equals(grant.grantee())) {
      throw new ProxyRefusal(403, "the request is not signed by the grantee of " + grantId.toHex());
    }
  }
}
