package io.cpchain.anchor.batch;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cpchain.anchor.TestManifests;
import io.cpchain.consensus.api.Payload;
import io.cpchain.consensus.api.Transaction;
import io.cpchain.consensus.client.ChainClient;
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
 * anchors it first from its own account. Its anchor must never become the job's receipt, neither on
 * recovery (the job looks its root up) nor when the job's own Anchor of that root is included but
 * refused by the chain (one anchor per root). Real chain node processes.
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
  void aStrangersAnchorFoundOnRecoveryIsNotTheJobsReceipt() throws Exception {
    Batch batch = batch(0);
    String stranger = frontRun(batch);
    batch.markRestored(); // a previous run may have anchored it: the job looks the root up
    assertRefusedAsForeign(batch, stranger);
  }

  @Test
  void theJobsOwnAnchorRefusedAfterAStrangersIsNotAReceipt() throws Exception {
    Batch batch = batch(10);
    String stranger = frontRun(batch);
    assertRefusedAsForeign(batch, stranger);
  }

  /** The job steps until it decides; it must refuse the batch naming the stranger, never report it anchored. */
  private void assertRefusedAsForeign(Batch batch, String stranger) throws Exception {
    Anchorer anchorer = new Anchorer(List.of(chain.client(1)), key(1), DATASET, 60_000);
    IllegalStateException refused = null;
    for (int step = 0; step < 4 && refused == null; step++) {
      Anchored decided;
      try {
        decided = anchorer.advance(List.of(batch), System.currentTimeMillis()).get(batch);
      } catch (IllegalStateException e) {
        refused = e;
        break;
      }
      if (decided != null) {
        throw new AssertionError("the job took the anchor in tx " + decided.txHash() + " by " + decided.submitter()
            + " as its own receipt (the job's account is " + anchorer.submitter() + ", the stranger " + stranger + ")");
      }
      if (batch.txHash() != null) {
        chain.client(1).awaitReceipt(batch.txHash(), TIMEOUT); // the job's own Anchor is final now
      }
    }
    assertNotNull(refused, "the job neither refused nor anchored the batch");
    assertTrue(refused.getMessage().contains(stranger), refused.getMessage());
  }

  /** The stranger (chain client 2) anchors the batch's root from its own account; that anchor is final. */
  private static String frontRun(Batch batch) throws Exception {
    ChainClient node = chain.client(1);
    AccountPrivateKey stranger = key(2);
    Transaction tx = Transaction.sign(stranger, node.status().chainId(),
        node.account(stranger.publicKey().address()).nonce(),
        new Payload.Anchor(DATASET, batch.root(), batch.size(), batch.intervalStartMs(), batch.intervalEndMs()));
    node.awaitReceipt(node.submit(tx), TIMEOUT);
    return stranger.publicKey().address().toHex();
  }

  private static Batch batch(int first) {
    return new Batch(List.of(TestManifests.manifest(first, 0), TestManifests.manifest(first + 1, 0)), 0, 1, null, 0);
  }

  private static AccountPrivateKey key(int client) throws Exception {
    return KeyStore.loadAccountFile(chain.clientKey(client), PasswordFile.read(chain.password()));
  }
}
