package io.cpchain.consensus.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cpchain.consensus.api.Block;
import io.cpchain.consensus.api.BlockHeader;
import io.cpchain.consensus.api.Hash;
import io.cpchain.consensus.api.Payload;
import io.cpchain.consensus.api.Transaction;
import io.cpchain.crypto.sign.AccountPrivateKey;
import io.cpchain.crypto.sign.Address;
import java.util.ArrayList;
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
    long height = state.height() + 1;
    Address proposer = state.proposer(height, round);
    ChainState copy = state.copy();
    copy.beginBlock(height, round, proposer);
    for (int i = 0; i < txs.size(); i++) {
      copy.apply(txs.get(i), i);
    }
    Block block = new Block(new BlockHeader(1, height, round, state.lastHash(), proposer, height, Block.txRoot(txs),
        copy.stateRoot()), txs);
    state.execute(block);
    state.seal(block);
    return block;
  }

  @Test
  void aReplayedTransactionIsRefusedAndNeverExecutedTwice() throws Exception {
    ChainState state = ChainState.genesis(genesis(10));
    Address to = nodes.get(5).publicKey().address();
    Transaction tx = Transaction.sign(client, 1, 0, new Payload.Transfer(to, 7));
    assertNull(state.admissible(tx));
    next(state, 0, List.of(tx));
    assertEquals(1_007, state.account(to).balance());
    assertTrue(state.admissible(tx).contains("replay"));
    assertThrows(InvalidTransactionException.class, () -> next(state, 0, List.of(tx)));
    Transaction sameNonce = Transaction.sign(client, 1, 0, new Payload.Transfer(to, 8));
    assertTrue(state.admissible(sameNonce).contains("already used"));
    assertTrue(state.admissible(Transaction.sign(client, 2, 1, new Payload.Transfer(to, 8))).contains("chain"));
  }

  @Test
  void failedTransactionsUseTheirNonceAndChangeNothingElse() throws Exception {
    ChainState state = ChainState.genesis(genesis(10));
    Address to = nodes.get(5).publicKey().address();
    Hash before = state.stateRoot();
    ChainState copy = state.copy();
    copy.beginBlock(1, 0, state.proposer(1, 0));
    Receipt receipt = copy.apply(Transaction.sign(client, 1, 0, new Payload.Transfer(to, 1_000_000)), 0);
    assertEquals(Receipt.Status.FAILED, receipt.status());
    assertEquals("insufficient balance", receipt.reason());
    assertEquals(1, copy.account(client.publicKey().address()).nonce());
    assertEquals(1_000, copy.account(to).balance());
    assertEquals(before, state.stateRoot(), "the copy's execution leaves the state itself untouched");
  }

  @Test
  void anchorsGrantsRevocationsAndRNodeAdmissionAreRecorded() throws Exception {
    ChainState state = ChainState.genesis(genesis(10));
    Address grantee = nodes.get(5).publicKey().address();
    next(state, 0, List.of(
        Transaction.sign(client, 1, 0, new Payload.Anchor("fleet", Hash.keccak("r".getBytes()), 10, 1, 2)),
        Transaction.sign(client, 1, 1, new Payload.Grant("fleet", grantee, 0, 9)),
        Transaction.sign(client, 1, 2, new Payload.RegisterRNode(500))));
    AnchorRecord anchor = state.anchor(Hash.keccak("r".getBytes())).orElseThrow();
    assertEquals(client.publicKey().address(), anchor.submitter());
    assertEquals(10, anchor.itemCount());
    assertEquals(1, state.grants().size());
    assertEquals(500L, state.deposit(client.publicKey().address()).orElseThrow());
    assertEquals(9_500, state.account(client.publicKey().address()).balance());
    next(state, 0, List.of(Transaction.sign(client, 1, 3, new Payload.Revoke("fleet", grantee, 0, 9))));
    assertTrue(state.grants().isEmpty());
  }

  @Test
  void reputationRisesWithAnchorsAndProxyReceiptsAndFallsWithMissedSlots() throws Exception {
    ChainState state = ChainState.genesis(genesis(1_000));
    AccountPrivateKey worker = nodes.get(4);
    Address workerAddress = worker.publicKey().address();
    long start = state.reputations().get(workerAddress);
    List<Transaction> work = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      work.add(Transaction.sign(worker, 1, 2 * i, new Payload.Anchor("d", Hash.keccak(("a" + i).getBytes()), 5, i, i)));
      work.add(Transaction.sign(worker, 1, 2 * i + 1, new Payload.ProxyReceipt("d", workerAddress, i,
          Hash.keccak(("f" + i).getBytes()))));
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
