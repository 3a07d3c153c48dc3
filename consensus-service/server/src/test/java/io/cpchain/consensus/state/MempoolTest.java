package io.cpchain.consensus.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cpchain.consensus.api.Payload;
import io.cpchain.consensus.api.Transaction;
import io.cpchain.consensus.api.Verdict;
import io.cpchain.crypto.sign.AccountPrivateKey;
import io.cpchain.crypto.sign.Address;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Admission: funded and unfunded senders' shares, eviction when full, what a proposal holds, block order. */
class MempoolTest {

  private static final long CHAIN = 3;
  private static final AccountPrivateKey FUNDED = AccountPrivateKey.generate();
  private static final AccountPrivateKey RICH = AccountPrivateKey.generate();
  private static final AccountPrivateKey RNODE = AccountPrivateKey.generate();
  private static final Address SINK = AccountPrivateKey.generate().publicKey().address();
  private static final ChainState STATE = ChainState.genesis(new Genesis(CHAIN,
      List.of(FUNDED.publicKey().address()), Map.of(FUNDED.publicKey().address(), 100L,
          RICH.publicKey().address(), 1_000_000L), Map.of(RNODE.publicKey().address(), 100L), 100, 1, 0, 100,
      Genesis.DEFAULT_WEIGHTS, 100));

  private static Transaction tx(AccountPrivateKey key, long nonce) {
    return Transaction.sign(key, CHAIN, nonce, new Payload.Transfer(SINK, 1));
  }

  @Test
  void anAccountBelowTheMinimumDepositHasSixteenPendingAndIsToldHowToSendMore() {
    Mempool pool = new Mempool(1_000);
    AccountPrivateKey fresh = AccountPrivateKey.generate();
    for (int n = 0; n < Mempool.UNFUNDED_PER_SENDER; n++) {
      assertEquals(Verdict.OK, pool.add(tx(fresh, n), STATE));
    }
    Verdict refused = pool.add(tx(fresh, Mempool.UNFUNDED_PER_SENDER), STATE);
    assertFalse(refused.ok());
    assertEquals("an account below the minimum deposit (100) may have 16 pending transactions, nonces 0..15; wait"
        + " for those to be final, or fund the account", refused.reason());
    for (AccountPrivateKey funded : List.of(FUNDED, RNODE)) { // a balance reaching the deposit, or an RNode
      for (int n = 0; n < 100; n++) {
        assertEquals(Verdict.OK, pool.add(tx(funded, n), STATE));
      }
    }
    assertEquals(Mempool.UNFUNDED_PER_SENDER, pool.unfundedSize());
  }

  @Test
  void manyFreshKeysShareABoundedPartAndANewcomerStillGetsIn() {
    Mempool pool = new Mempool(100_000);
    int keys = Mempool.UNFUNDED_TOTAL / Mempool.UNFUNDED_PER_SENDER;
    List<AccountPrivateKey> flood = IntStream.range(0, keys + 4).mapToObj(i -> AccountPrivateKey.generate()).toList();
    List<Transaction> txs = flood.parallelStream().flatMap(k -> IntStream.range(0, Mempool.UNFUNDED_PER_SENDER)
        .mapToObj(n -> tx(k, n))).toList();
    long refused = txs.stream().filter(t -> !pool.add(t, STATE).ok()).count();
    assertEquals(Mempool.UNFUNDED_TOTAL, pool.unfundedSize());
    assertTrue(refused < 4L * Mempool.UNFUNDED_PER_SENDER, "the late keys got a fair share by eviction: " + refused);

    AccountPrivateKey owner = AccountPrivateKey.generate();
    assertEquals(Verdict.OK, pool.add(tx(owner, 0), STATE), "a newcomer evicts the newest of a sender holding more");
    assertEquals(Mempool.UNFUNDED_TOTAL, pool.unfundedSize());
    assertEquals(Verdict.OK, pool.add(tx(FUNDED, 0), STATE), "funded senders are not in that share");
  }

  @Test
  void whenFullAFundedNewcomerEvictsUnfundedThenTheLargestFundedSenderButNeverWhatAProposalHolds() {
    Mempool pool = new Mempool(20);
    AccountPrivateKey fresh = AccountPrivateKey.generate();
    for (int n = 0; n < 10; n++) {
      assertTrue(pool.add(tx(fresh, n), STATE).ok());
      assertTrue(pool.add(tx(RICH, n), STATE).ok());
    }
    for (int n = 0; n < 10; n++) {
      assertEquals(Verdict.OK, pool.add(tx(FUNDED, n), STATE), "evicts the fresh key's newest");
    }
    assertEquals(0, pool.unfundedSize());
    assertEquals(Verdict.OK, pool.add(tx(RNODE, 0), STATE), "evicts from a funded sender holding 10");
    assertEquals(20, pool.size());

    Mempool held = new Mempool(4);
    for (int n = 0; n < 4; n++) {
      held.add(tx(RICH, n), STATE);
    }
    held.hold(held.candidates(STATE, 10));
    Verdict full = held.add(tx(FUNDED, 0), STATE);
    assertEquals("mempool full (4 transactions, 128 MiB); retry later", full.reason());
    held.prune(STATE); // the block was final (or not): nothing is held any more
    assertEquals(Verdict.OK, held.add(tx(FUNDED, 0), STATE));
  }

  @Test
  void aBlockTakesFundedSendersFirstAndUnfundedOnesUpToAQuarter() {
    Mempool pool = new Mempool(1_000);
    AccountPrivateKey fresh = AccountPrivateKey.generate();
    for (int n = 0; n < 16; n++) {
      pool.add(tx(fresh, n), STATE); // first in: the old order would put all of these first
    }
    for (int n = 0; n < 6; n++) {
      pool.add(tx(RICH, n), STATE);
    }
    List<Transaction> block = pool.candidates(STATE, 8);
    assertEquals(8, block.size());
    assertTrue(block.subList(0, 6).stream().allMatch(t -> t.sender().equals(RICH.publicKey().address())));
    assertTrue(block.subList(6, 8).stream().allMatch(t -> t.sender().equals(fresh.publicKey().address())));
    assertEquals(2, pool.candidates(STATE, 8).stream().filter(t -> !t.sender().equals(RICH.publicKey().address()))
        .count(), "a quarter of 8");
  }
}
