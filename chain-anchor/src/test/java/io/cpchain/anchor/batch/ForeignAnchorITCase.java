package io.cpchain.anchor.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import io.cpchain.anchor.TestManifests;
import io.cpchain.consensus.api.Payload;
import io.cpchain.consensus.api.Transaction;
import io.cpchain.consensus.client.ChainClient;
import io.cpchain.consensus.client.Views;
import io.cpchain.consensus.testing.TestChain;
import io.cpchain.crypto.keys.KeyStore;
import io.cpchain.crypto.keys.PasswordFile;
import io.cpchain.crypto.sign.AccountPrivateKey;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Attack: a stranger who saw a batch's root (the manifests topic, the job's pending transaction)
 * anchors it first from its own account, to stall the job or pass its anchor off as the job's. The
 * chain keeps anchors per submitter and root, so the job still anchors the root itself, and its
 * receipt is its own transaction, neither on recovery (the job looks its root up) nor when the
 * stranger's anchor is final before the job submits. Real chain node processes.
 */
class ForeignAnchorITCase {

  private static final Duration TIMEOUT = Duration.ofSeconds(30);
  private static final String DATASET = "cpchain-manifests";

  @TempDir static Path dir;
  private static TestChain chain;

  @BeforeAll
  static void startChain() throws Exception {
    chain = new TestChain(dir.resolve("chain"), 2);
  }

  @AfterAll
  static void stopChain() throws Exception {
    if (chain != null) {
      chain.close();
    }
  }

  @Test
  void aStrangersAnchorFoundOnRecoveryLeavesTheJobToAnchorItsOwn() throws Exception {
    Batch batch = batch(0);
    String stranger = frontRun(batch);
    batch.markRestored(); // a previous run may have anchored it: the job looks the root up
    assertAnchoredByTheJob(batch, stranger);
  }

  @Test
  void aStrangersEarlierAnchorDoesNotStopTheJobsOwn() throws Exception {
    Batch batch = batch(10);
    String stranger = frontRun(batch);
    assertAnchoredByTheJob(batch, stranger);
  }

  /** The job steps until its own Anchor of the root is final: that, never the stranger's, is its receipt. */
  private void assertAnchoredByTheJob(Batch batch, String stranger) throws Exception {
    Anchorer anchorer = new Anchorer(List.of(chain.client(1)), key(1), DATASET, 60_000);
    Anchored decided = null;
    for (int step = 0; step < 4 && decided == null; step++) {
      decided = anchorer.advance(List.of(batch), System.currentTimeMillis()).get(batch);
      if (decided == null && batch.txHash() != null) {
        chain.client(1).awaitReceipt(batch.txHash(), TIMEOUT); // the job's own Anchor is final now
      }
    }
    assertNotNull(decided, "the job did not anchor the batch");
    assertEquals(anchorer.submitter(), decided.submitter(), "the receipt is the job's, not the stranger's " + stranger);
    assertEquals(batch.txHash(), decided.txHash());
    Views.ReceiptInfo receipt = chain.client(1).awaitReceipt(decided.txHash(), TIMEOUT);
    assertEquals("OK", receipt.status(), receipt.toString());
  }

  /** The stranger (chain client 2) anchors the batch's root from its own account; that anchor is final. */
  private static String frontRun(Batch batch) throws Exception {
    ChainClient node = chain.client(1);
    AccountPrivateKey stranger = key(2);
    Transaction tx = Transaction.sign(stranger, node.status().chainId(),
        node.account(stranger.publicKey().address()).nonce(),
        new Payload.Anchor(DATASET, batch.root(), batch.size(), batch.intervalStartMs(), batch.intervalEndMs()));
    assertEquals("OK", node.awaitReceipt(node.submit(tx), TIMEOUT).status());
    return stranger.publicKey().address().toHex();
  }

  private static Batch batch(int first) {
    return new Batch(List.of(TestManifests.manifest(first, 0), TestManifests.manifest(first + 1, 0)), 0, 1, null, 0);
  }

  private static AccountPrivateKey key(int client) throws Exception {
    return KeyStore.loadAccountFile(chain.clientKey(client), PasswordFile.read(chain.password()));
  }
}
