package io.cpchain.consensus.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cpchain.consensus.api.Hash;
import io.cpchain.consensus.api.Payload;
import io.cpchain.consensus.api.Transaction;
import io.cpchain.consensus.client.Views;
import io.cpchain.crypto.sign.AccountPrivateKey;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Four node processes, one Byzantine (equivocates, signs badly, proposes and votes for invalid
 * blocks, at random) and one whose outbound messages are dropped, duplicated and delayed: the
 * honest nodes finalise every transaction, agree block by block, and elect the same committee.
 */
class ByzantineClusterITCase {

  @TempDir
  Path dir;

  @Test
  void honestNodesAgreeDespiteALyingValidatorAndALossyLink() throws Exception {
    Map<Integer, List<String>> misbehaviour = Map.of(
        4, List.of("--byzantine", "mixed"),
        1, List.of("--faults", "0.1,0.1,30"));
    try (LocalCluster cluster = new LocalCluster(dir, misbehaviour)) {
      AccountPrivateKey alice = cluster.layout.client(1);
      List<Transaction> txs = new ArrayList<>();
      for (int nonce = 0; nonce < 90; nonce++) {
        txs.add(Transaction.sign(alice, cluster.genesis.chainId(), nonce, nonce % 2 == 0
            ? new Payload.Anchor("fleet", Hash.keccak(("r" + nonce).getBytes()), 10, nonce, nonce)
            : Payload.Grant.consent("fleet-" + nonce, alice.publicKey().address())));
      }
      for (int part = 0; part < 3; part++) {
        List<Views.SubmitResult> results = cluster.client(1 + part).submit(txs.subList(30 * part, 30 * part + 30));
        assertTrue(results.stream().allMatch(Views.SubmitResult::accepted), results.toString());
      }
      long height = 0;
      for (Transaction tx : txs) {
        Views.ReceiptInfo receipt = cluster.client(2).awaitReceipt(tx.hash(), Duration.ofSeconds(90));
        assertEquals("OK", receipt.status());
        height = Math.max(height, receipt.height());
      }
      for (int i = 1; i <= 3; i++) {
        cluster.awaitHeight(i, height, 60_000);
      }
      cluster.assertSameChain(height, 1, 2, 3);
      Views.ChainStatus one = cluster.client(1).status();
      for (int i = 2; i <= 3; i++) {
        Views.ChainStatus other = cluster.client(i).status();
        if (other.term() == one.term()) {
          assertEquals(one.committee(), other.committee(), "same committee from the chain alone");
        }
        if (other.height() == one.height()) {
          assertEquals(one.reputation(), other.reputation());
        }
      }
      Views.AccountInfo aliceAccount = cluster.client(3).account(alice.publicKey().address());
      assertEquals(90, aliceAccount.nonce());
    }
  }
}
