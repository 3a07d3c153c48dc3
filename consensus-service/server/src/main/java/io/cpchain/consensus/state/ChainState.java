package io.cpchain.consensus.state;

import io.cpchain.consensus.api.Block;
import io.cpchain.consensus.api.BlockHeader;
import io.cpchain.consensus.api.DeviceRecord;
import io.cpchain.consensus.api.Encoder;
import io.cpchain.consensus.api.Hash;
import io.cpchain.consensus.api.Identities;
import io.cpchain.consensus.api.ListingRecord;
import io.cpchain.consensus.api.Listings;
import io.cpchain.consensus.api.OrderRecord;
import io.cpchain.consensus.api.OwnerRecord;
import io.cpchain.consensus.api.Payload;
import io.cpchain.consensus.api.ResourceRecord;
import io.cpchain.consensus.api.Transaction;
import io.cpchain.consensus.api.Verdict;
import io.cpchain.crypto.merkle.MerkleTree;
import io.cpchain.crypto.sign.Address;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The replicated state: accounts (balance, nonce), RNodes (deposits), anchors, grants, proxy
 * receipts, proven proxy faults, owners and devices ({@link Identities}), market listings and orders
 * with their escrow ({@link Orders}), the reputation window and
 * the current committee. Deterministic: the same blocks give the same state on every node. Not thread-safe; a block is executed on a {@link #copy()} and the
 * copy replaces the state once the block is final.
 */
public final class ChainState {

  public record Account(long balance, long nonce) {}

  /**
   * A grant as the chain holds it; {@code id} is its transaction's hash. Revoked grants stay (with
   * the block that revoked them), so a proxy can tell "revoked" from "never granted".
   */
  public record GrantRecord(Hash id, Address owner, Payload.Grant terms, long height, long grantedAtMs,
      long revokedHeight, long revokedAtMs) {

    public boolean revoked() {
      return revokedHeight > 0;
    }

    /** Whether, at a block of time {@code nowMs}, the grant is in force: not revoked, not expired. */
    public boolean inForce(long nowMs) {
      return !revoked() && (terms.expiresAtMs() == 0 || nowMs < terms.expiresAtMs());
    }

    public boolean covers(long interval) {
      return interval >= terms.fromInterval() && interval <= terms.toInterval();
    }

    GrantRecord revokedAt(long height, long timeMs) {
      return new GrantRecord(id, owner, terms, this.height, grantedAtMs, height, timeMs);
    }
  }

  private final Genesis genesis;
  private final HashMap<Address, Account> accounts;
  private final HashMap<Address, Long> deposits;
  // Keyed by submitter as well as root: a root is public once its transaction is gossiped, so a
  // stranger who anchors it first must not take it from the account that built the batch.
  private final HashMap<AnchorKey, AnchorRecord> anchors;
  private final HashMap<Hash, GrantRecord> grants;
  private final HashMap<Hash, Address> proxyReceipts;
  private final HashMap<Hash, FaultRecord> faults;
  private final Identities identities;
  private final Listings listings;
  private final Orders orders;
  private final HashMap<ResourceKey, ResourceRecord> resources;
  private final HashMap<ResourcePath, Long> latestVersions;
  private final ArrayDeque<Activity> window;
  private List<Address> committee;
  private long height;
  private Hash lastHash;
  private long lastTimestamp;
  private Activity current;
  private long blockTimeMs;

  private ChainState(Genesis genesis) {
    this.genesis = genesis;
    this.accounts = new HashMap<>();
    this.deposits = new HashMap<>(genesis.rnodeDeposits());
    this.anchors = new HashMap<>();
    this.grants = new HashMap<>();
    this.proxyReceipts = new HashMap<>();
    this.faults = new HashMap<>();
    this.identities = new Identities();
    this.listings = new Listings();
    this.orders = new Orders(genesis.orderRules());
    this.resources = new HashMap<>();
    this.latestVersions = new HashMap<>();
    this.window = new ArrayDeque<>();
    genesis.balances().forEach((a, b) -> accounts.put(a, new Account(b, 0)));
    this.lastHash = genesis.hash();
    this.committee = elect(lastHash);
  }

  private ChainState(ChainState other) {
    this.genesis = other.genesis;
    this.accounts = new HashMap<>(other.accounts);
    this.deposits = new HashMap<>(other.deposits);
    this.anchors = new HashMap<>(other.anchors);
    this.grants = new HashMap<>(other.grants);
    this.proxyReceipts = new HashMap<>(other.proxyReceipts);
    this.faults = new HashMap<>(other.faults);
    this.identities = other.identities.copy();
    this.listings = other.listings.copy();
    this.orders = other.orders.copy();
    this.resources = new HashMap<>(other.resources); // records are immutable
    this.latestVersions = new HashMap<>(other.latestVersions);
    this.window = new ArrayDeque<>(other.window); // Activity objects of sealed blocks are never mutated
    this.committee = other.committee;
    this.height = other.height;
    this.lastHash = other.lastHash;
    this.lastTimestamp = other.lastTimestamp;
  }

  public static ChainState genesis(Genesis genesis) {
    return new ChainState(genesis);
  }

  public ChainState copy() {
    return new ChainState(this);
  }

  public Genesis genesisConfig() {
    return genesis;
  }

  public long height() {
    return height;
  }

  public Hash lastHash() {
    return lastHash;
  }

  public long lastTimestamp() {
    return lastTimestamp;
  }

  /** Term {@code t} covers heights {@code t*T+1 .. (t+1)*T}. */
  public long termOf(long blockHeight) {
    return Math.max(0, blockHeight - 1) / genesis.termLength();
  }

  public List<Address> committee() {
    return committee;
  }

  /** Round-robin inside the committee; a later round hands the slot to the next member. */
  public Address proposer(long blockHeight, int round) {
    return committee.get((int) Math.floorMod(blockHeight + round, (long) committee.size()));
  }

  public Account account(Address address) {
    return accounts.getOrDefault(address, new Account(0, 0));
  }

  public Optional<Long> deposit(Address address) {
    return Optional.ofNullable(deposits.get(address));
  }

  /** The anchor of {@code merkleRoot} by {@code submitter}; anyone else's anchor of it is theirs. */
  public Optional<AnchorRecord> anchor(Address submitter, Hash merkleRoot) {
    return Optional.ofNullable(anchors.get(new AnchorKey(submitter, merkleRoot)));
  }

  public List<GrantRecord> grants() {
    return List.copyOf(grants.values());
  }

  public Optional<GrantRecord> grant(Hash id) {
    return Optional.ofNullable(grants.get(id));
  }

  /** The proven faults of {@code proxy}, oldest first, then by grant and interval. */
  public List<FaultRecord> faults(Address proxy) {
    return faults.values().stream().filter(f -> f.proxy().equals(proxy)).sorted(Comparator
        .comparingLong(FaultRecord::height).thenComparing(f -> f.grantId().toHex())
        .thenComparingLong(FaultRecord::interval)).toList();
  }

  public Optional<OwnerRecord> owner(Address owner) {
    return identities.owner(owner);
  }

  public Optional<DeviceRecord> device(String deviceId) {
    return identities.device(deviceId);
  }

  /** Version {@code version} of the OTP resource {@code owner}/{@code path}; version 0: the latest one. */
  public Optional<ResourceRecord> resource(Address owner, String path, long version) {
    long wanted = version != 0 ? version : latestVersions.getOrDefault(new ResourcePath(owner, path), 0L);
    return Optional.ofNullable(resources.get(new ResourceKey(owner, path, wanted)));
  }

  /** The market listing {@code id} (its ListData transaction's hash), delisted ones too. */
  public Optional<ListingRecord> listing(Hash id) {
    return listings.listing(id);
  }

  /** The market order {@code id} (its PlaceOrder transaction's hash), closed ones too. */
  public Optional<OrderRecord> order(Hash id) {
    return orders.order(id);
  }

  /** Every unit the open orders hold in escrow; with the balances and deposits, the genesis total. */
  public long escrowTotal() {
    return orders.escrow();
  }

  public Map<Address, Long> reputations() {
    Map<Address, Long> stakes = new HashMap<>();
    deposits.forEach((a, d) -> stakes.put(a, d + account(a).balance()));
    return Reputation.compute(stakes, window, genesis.weights());
  }

  /** Whether the transaction could be included next, and if not why (wrong chain, nonce not the next one). */
  public Verdict admissible(Transaction tx) {
    if (tx.chainId() != genesis.chainId()) {
      return Verdict.refused("transaction is for chain " + tx.chainId() + ", this is chain " + genesis.chainId());
    }
    long expected = account(tx.sender()).nonce();
    if (tx.nonce() != expected) {
      return Verdict.refused(tx.nonce() < expected ? "nonce " + tx.nonce() + " already used (replay); next is "
          + expected : "nonce " + tx.nonce() + " is ahead of the next one, " + expected);
    }
    return Verdict.OK;
  }

  /** Starts executing block {@code height} of time {@code timestampMs}: records who proposed it and who missed the earlier rounds. */
  public void beginBlock(long blockHeight, int round, Address proposer, long timestampMs) {
    current = new Activity(blockHeight);
    blockTimeMs = timestampMs;
    current.add(proposer, Activity.PROPOSED);
    for (int r = 0; r < round; r++) {
      current.add(proposer(blockHeight, r), Activity.MISSED);
    }
  }

  /** Executes one transaction of the block under way; throws if it may not be included at all. */
  public Receipt apply(Transaction tx, int index) throws InvalidTransactionException {
    Verdict admissible = admissible(tx);
    if (!admissible.ok()) {
      throw new InvalidTransactionException(admissible.reason());
    }
    Address sender = tx.sender();
    Account account = account(sender);
    accounts.put(sender, new Account(account.balance(), account.nonce() + 1));
    current.add(sender, Activity.TXS);
    Verdict outcome = execute(tx, sender);
    return outcome.ok() ? Receipt.ok(tx.hash(), current.height, index)
        : Receipt.failed(tx.hash(), current.height, index, outcome.reason());
  }

  /** The balances as the orders move them. */
  private final Orders.Ledger ledger = new Orders.Ledger() {
    public boolean debit(Address who, long amount) {
      return ChainState.this.debit(who, amount);
    }

    public void credit(Address who, long amount) {
      ChainState.this.credit(who, amount);
    }

    public long balance(Address who) {
      return account(who).balance();
    }
  };

  private Verdict execute(Transaction tx, Address sender) {
    Payload payload = tx.payload();
    long blockHeight = current.height;
    if (payload instanceof Payload.Transfer t) {
      if (!debit(sender, t.amount())) {
        return Verdict.refused("insufficient balance");
      }
      credit(t.to(), t.amount());
    } else if (payload instanceof Payload.RegisterRNode r) {
      if (deposits.containsKey(sender)) {
        return Verdict.refused("already an RNode");
      }
      if (r.deposit() < genesis.minDeposit()) {
        return Verdict.refused("deposit below the minimum " + genesis.minDeposit());
      }
      if (!debit(sender, r.deposit())) {
        return Verdict.refused("insufficient balance for the deposit");
      }
      deposits.put(sender, r.deposit());
    } else if (payload instanceof Payload.Anchor a) {
      AnchorKey key = new AnchorKey(sender, a.merkleRoot());
      if (anchors.containsKey(key)) {
        return Verdict.refused("root already anchored by this account");
      }
      anchors.put(key, new AnchorRecord(a.merkleRoot(), a.dataset(), a.itemCount(), a.intervalStart(),
          a.intervalEnd(), sender, blockHeight, tx.hash()));
      current.add(sender, Activity.ANCHORS);
    } else if (payload instanceof Payload.Grant g) {
      grants.put(tx.hash(), new GrantRecord(tx.hash(), sender, g, blockHeight, blockTimeMs, 0, 0));
    } else if (payload instanceof Payload.Revoke r) {
      GrantRecord grant = grants.get(r.grantId());
      if (grant == null || !grant.owner().equals(sender)) {
        return Verdict.refused("no such grant by the sender");
      }
      if (grant.revoked()) {
        return Verdict.refused("grant already revoked");
      }
      grants.put(grant.id(), grant.revokedAt(blockHeight, blockTimeMs));
    } else if (payload instanceof Payload.ProxyFault f) {
      return recordFault(f, tx.hash());
    } else if (payload instanceof Payload.RegisterResource r) {
      return registerResource(sender, r, tx.hash());
    } else if (Listings.handles(payload)) {
      return listings.apply(sender, payload, blockHeight, blockTimeMs, tx.hash());
    } else if (Orders.handles(payload)) {
      return orders.apply(sender, payload, blockHeight, blockTimeMs, tx.hash(), listings::listing, ledger);
    } else if (Identities.handles(payload)) {
      return identities.apply(sender, payload, blockHeight, blockTimeMs, tx.hash());
    } else if (payload instanceof Payload.ProxyReceipts batch) {
      Verdict first = null;
      int stood = 0;
      for (Payload.ProxyReceipt receipt : batch.receipts()) {
        Verdict verdict = receipt(sender, receipt);
        first = first == null ? verdict : first;
        stood += verdict.ok() ? 1 : 0;
      }
      return stood > 0 ? Verdict.OK : Verdict.refused("no receipt of the batch stands; the first: " + first.reason());
    } else {
      return receipt(sender, (Payload.ProxyReceipt) payload);
    }
    return Verdict.OK;
  }

  /** One re-encryption by a proxy of the grant, in its range, while it is in force, once per fragment. */
  private Verdict receipt(Address sender, Payload.ProxyReceipt p) {
    Verdict mayServe = proxyMayServe(sender, p.grantId(), p.interval());
    if (!mayServe.ok()) {
      return mayServe;
    }
    if (proxyReceipts.putIfAbsent(p.fragmentHash(), sender) != null) {
      return Verdict.refused("fragment already receipted");
    }
    current.add(sender, Activity.PROXY);
    return Verdict.OK;
  }

  /** Only the owner named in the path registers under it, and a version once registered stays as it is. */
  private Verdict registerResource(Address sender, Payload.RegisterResource r, Hash txHash) {
    if (!sender.equals(r.owner())) {
      return Verdict.refused("otp://" + r.owner().toHex() + r.path() + " belongs to its owner; the sender " + sender
          + " may register only under its own address");
    }
    ResourceKey key = new ResourceKey(r.owner(), r.path(), r.version());
    ResourceRecord known = resources.get(key);
    if (known != null) {
      return Verdict.refused("otp://" + r.owner().toHex() + r.path() + " version " + r.version()
          + " is registered since height " + known.height() + "; a new version is a new record");
    }
    resources.put(key, new ResourceRecord(r, current.height, blockTimeMs, txHash));
    latestVersions.merge(new ResourcePath(r.owner(), r.path()), r.version(), Math::max);
    return Verdict.OK;
  }

  /** OK if the evidence proves a fault not yet recorded (and records it, against the proxy's RPT), else why not. */
  private Verdict recordFault(Payload.ProxyFault fault, Hash txHash) {
    GrantRecord grant = readGrant(fault.response().grantId());
    if (grant == null) {
      return Verdict.refused("no such read grant");
    }
    // No check that the grant is still in force: a signed bad cfrag stays evidence after revocation or expiry.
    FaultEvidence.Judgement judgement = FaultEvidence.judge(grant, fault);
    if (judgement instanceof FaultEvidence.NoFault none) {
      return Verdict.refused(none.reason());
    }
    FaultEvidence.Proven proven = (FaultEvidence.Proven) judgement;
    FaultRecord record = new FaultRecord(grant.id(), fault.response().interval(), proven.proxy(), proven.defect(),
        current.height, txHash);
    if (faults.putIfAbsent(record.key(), record) != null) {
      return Verdict.refused("fault already recorded");
    }
    current.add(proven.proxy(), Activity.FAULTS);
    return Verdict.OK;
  }

  private GrantRecord readGrant(Hash id) {
    GrantRecord grant = grants.get(id);
    return grant != null && grant.terms().purpose().equals(Payload.PURPOSE_READ) ? grant : null;
  }

  /** Whether {@code proxy} may re-encrypt {@code interval} under the grant at this block, and if not why. */
  private Verdict proxyMayServe(Address proxy, Hash grantId, long interval) {
    GrantRecord grant = readGrant(grantId);
    if (grant == null) {
      return Verdict.refused("no such read grant");
    }
    if (!grant.terms().proxies().contains(proxy)) {
      return Verdict.refused("the sender is not a proxy of the grant");
    }
    if (!grant.covers(interval)) {
      return Verdict.refused("interval " + interval + " is outside the grant");
    }
    return Verdict.check(grant.inForce(blockTimeMs), "grant revoked or expired");
  }

  private void credit(Address who, long amount) {
    Account account = account(who);
    accounts.put(who, new Account(Math.addExact(account.balance(), amount), account.nonce()));
  }

  private boolean debit(Address who, long amount) {
    Account account = account(who);
    if (account.balance() < amount) {
      return false;
    }
    accounts.put(who, new Account(account.balance() - amount, account.nonce()));
    return true;
  }

  /** Executes a whole proposed block, or throws if any transaction may not be in it. */
  public List<Receipt> execute(Block block) throws InvalidTransactionException {
    BlockHeader header = block.header();
    beginBlock(header.height(), header.round(), header.proposer(), header.timestampMs());
    List<Receipt> receipts = new ArrayList<>(block.txs().size());
    for (int i = 0; i < block.txs().size(); i++) {
      receipts.add(apply(block.txs().get(i), i));
    }
    return receipts;
  }

  /**
   * Ends the block: slides the reputation window, and at a checkpoint (height a multiple of the term
   * length) elects the next term's committee seeded by this block's hash.
   */
  public void seal(Block block) {
    height = block.height();
    lastHash = block.hash();
    lastTimestamp = block.header().timestampMs();
    window.addLast(current);
    current = null;
    while (window.size() > genesis.reputationWindow()) {
      window.removeFirst();
    }
    if (height % genesis.termLength() == 0) {
      committee = elect(lastHash);
    }
  }

  private List<Address> elect(Hash seed) {
    List<Address> elected = Election.elect(reputations(), genesis.committeeSize(), genesis.lowSeats(), seed);
    // With no RNode at all the validators propose, so the chain never stalls for want of a committee.
    return elected.isEmpty() ? genesis.validators() : List.copyOf(elected);
  }

  /**
   * RFC 6962 root over the canonical encoding of every entry (accounts, deposits, anchors, grants,
   * proxy receipts, faults, owners, devices, listings, orders and the escrow total), sorted. The
   * window and committee are derived from the blocks and not included.
   */
  public Hash stateRoot() {
    List<byte[]> leaves = new ArrayList<>(accounts.size() + deposits.size() + anchors.size() + grants.size());
    accounts.forEach((a, acc) -> leaves.add(new Encoder().u8('a').address(a).i64(acc.balance()).i64(acc.nonce())
        .toBytes()));
    deposits.forEach((a, d) -> leaves.add(new Encoder().u8('d').address(a).i64(d).toBytes()));
    anchors.values().forEach(r -> leaves.add(new Encoder().u8('n').hash(r.merkleRoot()).string(r.dataset())
        .i64(r.itemCount()).i64(r.intervalStart()).i64(r.intervalEnd()).address(r.submitter()).i64(r.height())
        .toBytes()));
    grants.forEach((id, g) -> {
      Encoder leaf = new Encoder().u8('g').hash(id).address(g.owner());
      g.terms().write(leaf);
      leaves.add(leaf.i64(g.height()).i64(g.grantedAtMs()).i64(g.revokedHeight()).i64(g.revokedAtMs()).toBytes());
    });
    proxyReceipts.forEach((fragment, proxy) -> leaves.add(new Encoder().u8('p').hash(fragment).address(proxy)
        .toBytes()));
    faults.values().forEach(f -> leaves.add(f.leaf()));
    leaves.addAll(identities.leaves());
    leaves.addAll(listings.leaves());
    leaves.addAll(orders.leaves());
    resources.values().forEach(r -> leaves.add(r.leaf()));
    leaves.sort(Arrays::compareUnsigned);
    return Hash.of(MerkleTree.of(leaves).root());
  }

  private record ResourcePath(Address owner, String path) {}

  private record ResourceKey(Address owner, String path, long version) {}

  private record AnchorKey(Address submitter, Hash merkleRoot) {
  }
}
