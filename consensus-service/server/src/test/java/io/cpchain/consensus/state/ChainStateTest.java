package io.cpchain.consensus.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cpchain.consensus.api.Block;
import io.cpchain.consensus.api.BlockHeader;
import io.cpchain.consensus.api.Hash;
import io.cpchain.consensus.api.Payload;
import io.cpchain.consensus.api.ProxyResponse;
import io.cpchain.consensus.api.SharingFixture;
import io.cpchain.consensus.api.SharingTerms;
import io.cpchain.consensus.api.Transaction;
import io.cpchain.crypto.pre.Capsule;
import io.cpchain.crypto.sign.AccountPrivateKey;
import io.cpchain.crypto.sign.Address;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Execution, replay protection, reputation from on-chain activity and the election, on real blocks. */
class ChainStateTest {

  final List<AccountPrivateKey> nodes = List.of(AccountPrivateKey.generate(), AccountPrivateKey.generate(),
      AccountPrivateKey.generate(), AccountPrivateKey.generate(), AccountPrivateKey.generate(),
      AccountPrivateKey.generate());
  final AccountPrivateKey client = AccountPrivateKey.generate();

  Genesis genesis(int termLength) {
    Map<Address, Long> balances = new HashMap<>();
    Map<Address, Long> deposits = new HashMap<>();
    nodes.forEach(k -> {
      balances.put(k.publicKey().address(), 1_000L);
      deposits.put(k.publicKey().address(), 100L);
    });
    balances.put(client.publicKey().address(), 10_000L);
    return new Genesis(1, nodes.subList(0, 4).stream().map(k -> k.publicKey().address()).toList(), balances,
        deposits, termLength, 4, 1, 50, Genesis.DEFAULT_WEIGHTS, 10);
  }

  /** Executes and seals the next block with these transactions at this round. */
  static Block next(ChainState state, int round, List<Transaction> txs) throws InvalidTransactionException {
    return step(state, round, txs).block();
  }

  /** The receipts of the next block (round 0) with these transactions. */
  static List<Receipt> receipts(ChainState state, List<Transaction> txs) throws InvalidTransactionException {
    return step(state, 0, txs).receipts();
  }

  record Step(Block block, List<Receipt> receipts) {}

  static Step step(ChainState state, int round, List<Transaction> txs) throws InvalidTransactionException {
    long height = state.height() + 1;
    Address proposer = state.proposer(height, round);
    ChainState copy = state.copy();
    copy.beginBlock(height, round, proposer, height);
    for (int i = 0; i < txs.size(); i++) {
      copy.apply(txs.get(i), i);
    }
    Block block = new Block(new BlockHeader(1, height, round, state.lastHash(), proposer, height, Block.txRoot(txs),
        copy.stateRoot()), txs);
    List<Receipt> receipts = state.execute(block);
    state.seal(block);
    return new Step(block, receipts);
  }

  @Test
  void aReplayedTransactionIsRefusedAndNeverExecutedTwice() throws Exception {
    ChainState state = ChainState.genesis(genesis(10));
    Address to = nodes.get(5).publicKey().address();
    Transaction tx = Transaction.sign(client, 1, 0, new Payload.Transfer(to, 7));
    assertTrue(state.admissible(tx).ok());
    next(state, 0, List.of(tx));
    assertEquals(1_007, state.account(to).balance());
    assertTrue(state.admissible(tx).reason().contains("replay"));
    assertThrows(InvalidTransactionException.class, () -> next(state, 0, List.of(tx)));
    Transaction sameNonce = Transaction.sign(client, 1, 0, new Payload.Transfer(to, 8));
    assertTrue(state.admissible(sameNonce).reason().contains("already used"));
    assertTrue(state.admissible(Transaction.sign(client, 2, 1, new Payload.Transfer(to, 8))).reason().contains("chain"));
  }

  @Test
  void failedTransactionsUseTheirNonceAndChangeNothingElse() throws Exception {
    ChainState state = ChainState.genesis(genesis(10));
    Address to = nodes.get(5).publicKey().address();
    Hash before = state.stateRoot();
    ChainState copy = state.copy();
    copy.beginBlock(1, 0, state.proposer(1, 0), 1);
    Receipt receipt = copy.apply(Transaction.sign(client, 1, 0, new Payload.Transfer(to, 1_000_000)), 0);
    assertEquals(Receipt.Status.FAILED, receipt.status());
    assertEquals("insufficient balance", receipt.reason());
    assertEquals(1, copy.account(client.publicKey().address()).nonce());
    assertEquals(1_000, copy.account(to).balance());
    assertEquals(before, state.stateRoot(), "the copy's execution leaves the state itself untouched");
  }

  @Test
  void aStrangersAnchorOfARootLeavesTheAccountThatBuiltItsBatchItsOwn() throws Exception {
    ChainState state = ChainState.genesis(genesis(10));
    Hash root = Hash.keccak("seen in the mempool".getBytes());
    AccountPrivateKey stranger = nodes.get(5);
    List<Receipt> receipts = receipts(state, List.of(
        Transaction.sign(stranger, 1, 0, new Payload.Anchor("stolen", root, 1, 0, 1)),
        Transaction.sign(client, 1, 0, new Payload.Anchor("fleet", root, 10, 1, 2)),
        Transaction.sign(client, 1, 1, new Payload.Anchor("fleet", root, 10, 1, 2))));
    assertEquals(Receipt.Status.OK, receipts.get(0).status());
    assertEquals(Receipt.Status.OK, receipts.get(1).status(), "the stranger's anchor came first: " + receipts);
    assertEquals("root already anchored by this account", receipts.get(2).reason());
    AnchorRecord ours = state.anchor(client.publicKey().address(), root).orElseThrow();
    assertEquals("fleet", ours.dataset());
    assertEquals(10, ours.itemCount());
    assertEquals("stolen", state.anchor(stranger.publicKey().address(), root).orElseThrow().dataset());
  }

  @Test
  void anchorsGrantsRevocationsAndRNodeAdmissionAreRecorded() throws Exception {
    ChainState state = ChainState.genesis(genesis(10));
    Address grantee = nodes.get(5).publicKey().address();
    Transaction grant = Transaction.sign(client, 1, 1, Payload.Grant.consent("fleet", grantee));
    next(state, 0, List.of(
        Transaction.sign(client, 1, 0, new Payload.Anchor("fleet", Hash.keccak("r".getBytes()), 10, 1, 2)),
        grant,
        Transaction.sign(client, 1, 2, new Payload.RegisterRNode(500))));
    AnchorRecord anchor = state.anchor(client.publicKey().address(), Hash.keccak("r".getBytes())).orElseThrow();
    assertEquals(client.publicKey().address(), anchor.submitter());
    assertEquals(10, anchor.itemCount());
    ChainState.GrantRecord recorded = state.grant(grant.hash()).orElseThrow();
    assertEquals(client.publicKey().address(), recorded.owner());
    assertEquals(1, recorded.grantedAtMs(), "the time of the block that finalised it");
    assertEquals(500L, state.deposit(client.publicKey().address()).orElseThrow());
    assertEquals(9_500, state.account(client.publicKey().address()).balance());

    Receipt notTheirs = receipts(state, List.of(Transaction.sign(nodes.get(5), 1, 0,
        new Payload.Revoke(grant.hash())))).get(0);
    assertEquals("no such grant by the sender", notTheirs.reason());
    Receipt revoked = receipts(state, List.of(Transaction.sign(client, 1, 3, new Payload.Revoke(grant.hash())))).get(0);
    assertEquals(Receipt.Status.OK, revoked.status());
    ChainState.GrantRecord after = state.grant(grant.hash()).orElseThrow();
    assertTrue(after.revoked());
    assertEquals(3, after.revokedHeight());
    assertFalse(after.inForce(4));
  }

  @Test
  void onlyAGrantsProxiesGetReceiptsAndOnlyForItsIntervalsWhileItIsInForce() throws Exception {
    ChainState state = ChainState.genesis(genesis(10));
    AccountPrivateKey proxy = nodes.get(4);
    AccountPrivateKey stranger = AccountPrivateKey.generate();
    Address grantee = nodes.get(5).publicKey().address();
    Transaction grant = Transaction.sign(client, 1, 0, new Payload.Grant("dev-1", grantee, Payload.PURPOSE_READ,
        100, 200, 5, 1, List.of(proxy.publicKey().address()), Hash.keccak("terms".getBytes())));
    Transaction consent = Transaction.sign(client, 1, 1, Payload.Grant.consent("dev-1", proxy.publicKey().address()));
    next(state, 0, List.of(grant, consent));
    List<Receipt> receipts = receipts(state, List.of(
        receipt(proxy, 0, grant.hash(), 100, "a"),
        receipt(proxy, 1, grant.hash(), 100, "a"),
        receipt(proxy, 2, grant.hash(), 201, "b"),
        receipt(stranger, 0, grant.hash(), 150, "c"),
        receipt(proxy, 3, consent.hash(), 150, "d"),
        receipt(proxy, 4, grant.hash(), 200, "e")));
    assertEquals(List.of("OK", "fragment already receipted", "interval 201 is outside the grant",
        "the sender is not a proxy of the grant", "no such read grant", "OK"),
        receipts.stream().map(r -> r.status() == Receipt.Status.OK ? "OK" : r.reason()).toList());
    next(state, 0, List.of()); // height 3, 4: block time reaches the expiry (5)
    next(state, 0, List.of());
    Receipt expired = receipts(state, List.of(receipt(proxy, 5, grant.hash(), 150, "f"))).get(0);
    assertEquals("grant revoked or expired", expired.reason());
  }

  /**
   * A batch is judged receipt by receipt, as the singles are: those that stand count (in the
   * proxy's reputation, as much as the same receipts sent one by one), the others are left out, and
   * a batch of which none stands is refused with the first's reason.
   */
  @Test
  void aBatchOfReceiptsCountsThoseThatStandAndLeavesTheOthersOut() throws Exception {
    ChainState state = ChainState.genesis(genesis(1_000));
    List<AccountPrivateKey> proxies = outsiders(state);
    AccountPrivateKey batching = proxies.get(0);
    AccountPrivateKey single = proxies.get(1);
    Address grantee = nodes.get(5).publicKey().address();
    Transaction grant = Transaction.sign(client, 1, 0, new Payload.Grant("dev-1", grantee, Payload.PURPOSE_READ,
        100, 200, 0, 1, List.of(batching.publicKey().address(), single.publicKey().address()),
        Hash.keccak("terms".getBytes())));
    next(state, 0, List.of(grant));

    List<Receipt> judged = receipts(state, List.of(
        Transaction.sign(batching, 1, 0, new Payload.ProxyReceipts(List.of(
            entry(grant.hash(), 100, "a"), entry(grant.hash(), 201, "b"), entry(grant.hash(), 150, "c")))),
        receipt(single, 0, grant.hash(), 100, "d"),
        receipt(single, 1, grant.hash(), 150, "e"),
        Transaction.sign(batching, 1, 1, new Payload.ProxyReceipts(List.of(
            entry(grant.hash(), 100, "a"), entry(grant.hash(), 300, "f"))))));
    assertEquals(List.of("OK", "OK", "OK", "no receipt of the batch stands; the first: fragment already receipted"),
        outcomes(judged));
    assertEquals(state.reputations().get(single.publicKey().address()),
        state.reputations().get(batching.publicKey().address()), "two receipts in a batch count as two singles");
    Receipt replayedSingle = receipts(state, List.of(receipt(single, 2, grant.hash(), 150, "c"))).get(0);
    assertEquals("fragment already receipted", replayedSingle.reason(), "the batch's receipt of c stands");
  }

  private static Payload.ProxyReceipt entry(Hash grant, long interval, String cfrag) {
    return new Payload.ProxyReceipt(grant, interval, Hash.keccak(cfrag.getBytes()));
  }

  private static Transaction receipt(AccountPrivateKey proxy, long nonce, Hash grant, long interval, String cfrag) {
    return Transaction.sign(proxy, 1, nonce, new Payload.ProxyReceipt(grant, interval,
        Hash.keccak(cfrag.getBytes())));
  }

  static List<String> outcomes(List<Receipt> receipts) {
    return receipts.stream().map(r -> r.status() == Receipt.Status.OK ? "OK" : r.reason()).toList();
  }

  /** The two RNodes outside the committee: they propose nothing, so equal work gives them equal RPT. */
  List<AccountPrivateKey> outsiders(ChainState state) {
    return nodes.stream().filter(k -> !state.committee().contains(k.publicKey().address())).toList();
  }

  @Test
  void aCfragThatFailsItsProofIsAProvenFaultThatLowersTheProxysReputation() throws Exception {
    ChainState state = ChainState.genesis(genesis(1_000));
    List<AccountPrivateKey> proxies = outsiders(state);
    AccountPrivateKey honest = proxies.get(0);
    AccountPrivateKey faulty = proxies.get(1);
    Address faultyAddress = faulty.publicKey().address();
    SharingFixture sharing = new SharingFixture(client, 1, 0, proxies);
    next(state, 0, List.of(sharing.grant));

    ProxyResponse good = sharing.honest(0, 100);
    ProxyResponse foreign = sharing.foreign(new SharingFixture(client, 1, 99, proxies), 1, 100);
    next(state, 0, List.of( // the same work for both proxies: one receipt each
        Transaction.sign(honest, 1, 0, new Payload.ProxyReceipt(sharing.grant.hash(), 100, good.fragmentHash())),
        Transaction.sign(faulty, 1, 0, new Payload.ProxyReceipt(sharing.grant.hash(), 100, foreign.fragmentHash()))));
    assertEquals(state.reputations().get(honest.publicKey().address()), state.reputations().get(faultyAddress));

    AccountPrivateKey anyone = AccountPrivateKey.generate();
    List<Receipt> judged = receipts(state, List.of(
        sharing.fault(client, 1, good, honest),
        sharing.fault(anyone, 0, foreign, faulty),
        sharing.fault(client, 2, foreign, faulty)));
    assertEquals(List.of("the cfrag verifies: no fault", "OK", "fault already recorded"), outcomes(judged));
    long honestRpt = state.reputations().get(honest.publicKey().address());
    assertTrue(honestRpt > 0);
    assertEquals(honestRpt * 6 / 9, state.reputations().get(faultyAddress), "a fault weighs as three missed slots");
    assertEquals(List.of(), state.faults(honest.publicKey().address()), "an honest proxy cannot be accused");
    FaultRecord recorded = state.faults(faultyAddress).get(0);
    assertEquals(sharing.grant.hash(), recorded.grantId());
    assertEquals(100, recorded.interval());
    assertEquals(3, recorded.height());
    assertTrue(recorded.defect().contains("does not verify for this delegation"), recorded.defect());

    Hash rootBefore = state.stateRoot();
    List<Receipt> more = receipts(state, List.of(
        sharing.fault(client, 3, sharing.corrupted(1, 1_500), faulty),
        sharing.fault(client, 4, sharing.response(1_900, sharing.capsule(1_900), new byte[] {1, 2, 3}), faulty)));
    assertEquals(List.of("OK", "OK"), outcomes(more));
    assertNotEquals(rootBefore, state.stateRoot(), "faults are part of the state root");
    List<String> defects = state.faults(faultyAddress).stream().map(FaultRecord::defect).toList();
    assertEquals("cfrag's proof of correct re-encryption does not hold", defects.get(1));
    assertTrue(defects.get(2).startsWith("cfrag does not parse"), defects.get(2));
    assertEquals(0, state.reputations().get(faultyAddress), "three faults in the window: nine missed slots");
  }

  @Test
  void evidenceThatProvesNothingIsRefusedWithTheReason() throws Exception {
    ChainState state = ChainState.genesis(genesis(1_000));
    List<AccountPrivateKey> proxies = outsiders(state);
    AccountPrivateKey proxy = proxies.get(0);
    AccountPrivateKey stranger = AccountPrivateKey.generate();
    SharingFixture sharing = new SharingFixture(client, 1, 0, proxies);
    Transaction consent = Transaction.sign(client, 1, 1, Payload.Grant.consent("dev-1", stranger.publicKey().address()));
    next(state, 0, List.of(sharing.grant, consent));

    Capsule capsule = sharing.capsule(100);
    byte[] bad = new byte[] {7};
    SharingTerms t = sharing.terms;
    SharingTerms otherTerms = new SharingTerms(t.dataset(), t.owner(), t.grantee(), t.owner(), t.epochLengthMs(),
        t.threshold(), t.proxies(), t.epochs());
    ProxyResponse onConsent = new ProxyResponse(consent.hash(), 100, capsule.toBytes(), bad);
    ProxyResponse badCapsule = new ProxyResponse(sharing.grant.hash(), 100, Arrays.copyOf(capsule.toBytes(), 104), bad);
    ProxyResponse response = sharing.response(100, capsule, bad);
    List<Receipt> judged = receipts(state, List.of(
        Transaction.sign(client, 1, 2, Payload.ProxyFault.of(response, response.sign(proxy), otherTerms)),
        sharing.fault(client, 3, response, stranger),
        sharing.fault(client, 4, sharing.response(3_000, capsule, bad), proxy),
        sharing.fault(client, 5, sharing.response(2_500, capsule, bad), proxy),
        Transaction.sign(client, 1, 6, Payload.ProxyFault.of(onConsent, onConsent.sign(proxy), t)),
        sharing.fault(client, 7, badCapsule, proxy)));
    List<String> reasons = outcomes(judged);
    assertEquals(List.of("terms do not match the grant's commitment",
        "the response is not signed by a proxy of the grant", "interval 3000 is outside the grant",
        "the terms list no kfrags for the epoch of interval 2500", "no such read grant"), reasons.subList(0, 5));
    assertTrue(reasons.get(5).startsWith("the capsule does not parse"), reasons.get(5));
    proxies.forEach(p -> assertEquals(List.of(), state.faults(p.publicKey().address())));
  }

  @Test
  void reputationRisesWithAnchorsAndProxyReceiptsAndFallsWithMissedSlots() throws Exception {
    ChainState state = ChainState.genesis(genesis(1_000));
    AccountPrivateKey worker = nodes.get(4);
    Address workerAddress = worker.publicKey().address();
    long start = state.reputations().get(workerAddress);
    List<Transaction> work = new ArrayList<>();
    Transaction grant = Transaction.sign(client, 1, 0, new Payload.Grant("d", workerAddress, Payload.PURPOSE_READ, 0, 9,
        0, 1, List.of(workerAddress), Hash.keccak("terms".getBytes())));
    next(state, 0, List.of(grant));
    for (int i = 0; i < 3; i++) {
      work.add(Transaction.sign(worker, 1, 2 * i, new Payload.Anchor("d", Hash.keccak(("a" + i).getBytes()), 5, i, i)));
      work.add(receipt(worker, 2 * i + 1, grant.hash(), i, "f" + i));
    }
    next(state, 0, work);
    long afterWork = state.reputations().get(workerAddress);
    assertTrue(afterWork > start, "anchors and proxy receipts raise reputation: " + start + " -> " + afterWork);

  }

  @Test
  void aProposerThatMissesItsSlotLosesReputation() throws Exception {
    ChainState onTime = ChainState.genesis(genesis(1_000));
    ChainState late = ChainState.genesis(genesis(1_000));
    Address slotOwner = onTime.proposer(1, 0);
    long before = onTime.reputations().get(slotOwner);
    next(onTime, 0, List.of());
    next(late, 1, List.of()); // final only in round 1: the round-0 proposer missed its slot
    assertTrue(onTime.reputations().get(slotOwner) >= before);
    long afterMiss = late.reputations().get(slotOwner);
    assertEquals(before * 8 / 9, afterMiss, "one missed slot multiplies RPT by 8/9");
  }

  @Test
  void everyNodeElectsTheSameCommitteeFromTheChainAlone() throws Exception {
    ChainState a = ChainState.genesis(genesis(3));
    ChainState b = ChainState.genesis(genesis(3));
    assertEquals(a.committee(), b.committee());
    List<List<Address>> committees = new ArrayList<>();
    for (int i = 0; i < 9; i++) {
      Block block = next(a, 0, List.of(Transaction.sign(client, 1, i, new Payload.Anchor("d",
          Hash.keccak(("x" + i).getBytes()), 1, i, i))));
      b.execute(block);
      b.seal(block);
      assertEquals(a.committee(), b.committee(), "same committee after block " + block.height());
      assertEquals(a.stateRoot(), b.stateRoot());
      committees.add(a.committee());
    }
    assertEquals(4, a.committee().size());
    assertTrue(a.committee().stream().allMatch(m -> a.deposit(m).isPresent()), "only RNodes sit on the committee");
    assertTrue(committees.stream().distinct().count() > 1, "terms (3 blocks) elect committees seeded by new hashes");
  }

  @Test
  void theElectionKeepsSeatsForLowReputationNewcomers() {
    Map<Address, Long> rpt = new HashMap<>();
    nodes.forEach(k -> rpt.put(k.publicKey().address(), 9_000L));
    List<Address> newcomers = new ArrayList<>();
    for (int i = 0; i < nodes.size(); i++) {
      newcomers.add(AccountPrivateKey.generate().publicKey().address()); // as many as the established: the low half
    }
    newcomers.forEach(a -> rpt.put(a, 0L));
    for (int seed = 0; seed < 20; seed++) {
      List<Address> committee = Election.elect(rpt, 4, 1, Hash.keccak(("s" + seed).getBytes()));
      assertEquals(4, committee.size());
      assertEquals(4, committee.stream().distinct().count());
      assertTrue(committee.stream().anyMatch(newcomers::contains), "one seat is drawn from the low half");
      assertEquals(committee, Election.elect(rpt, 4, 1, Hash.keccak(("s" + seed).getBytes())), "deterministic");
    }
  }
}
