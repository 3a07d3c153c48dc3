package io.cpchain.consensus.storage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cpchain.consensus.api.Block;
import io.cpchain.consensus.api.BlockHeader;
import io.cpchain.consensus.api.CommittedBlock;
import io.cpchain.consensus.api.Hash;
import io.cpchain.consensus.api.Payload;
import io.cpchain.consensus.api.QuorumCertificate;
import io.cpchain.consensus.api.Transaction;
import io.cpchain.consensus.api.Vote;
import io.cpchain.consensus.state.Receipt;
import io.cpchain.crypto.sign.AccountPrivateKey;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Blocks, certificates, receipts and the safety record are there after the store is reopened. */
class RocksDbBlockStoreTest {

  @TempDir
  Path dir;

  @Test
  void whatWasAppendedIsThereAfterReopening() {
    AccountPrivateKey key = AccountPrivateKey.generate();
    Transaction tx = Transaction.sign(key, 1, 0, new Payload.RegisterRNode(100));
    Block block = new Block(new BlockHeader(1, 1, 0, Hash.ZERO, key.publicKey().address(), 5,
        Block.txRoot(List.of(tx)), Hash.ZERO), List.of(tx));
    QuorumCertificate qc = new QuorumCertificate(1, 1, 0, block.hash(),
        List.of(Vote.sign(key, Vote.VoteType.PRECOMMIT, 1, 1, 0, block.hash()).signature()));
    Receipt receipt = new Receipt(tx.hash(), 1, 0, Receipt.Status.FAILED, "insufficient balance for the deposit");
    try (RocksDbBlockStore store = new RocksDbBlockStore(dir)) {
      store.append(new CommittedBlock(block, qc), List.of(receipt));
      store.saveSafety(new byte[] {1, 2, 3});
      assertThrows(IllegalStateException.class, () -> store.append(new CommittedBlock(block, qc), List.of()),
          "heights are appended in order, once");
    }
    try (RocksDbBlockStore store = new RocksDbBlockStore(dir)) {
      assertEquals(1, store.lastHeight());
      CommittedBlock back = store.block(1).orElseThrow();
      assertEquals(block.hash(), back.block().hash());
      assertEquals(qc, back.qc());
      assertEquals(receipt, store.receipt(tx.hash()).orElseThrow());
      assertArrayEquals(new byte[] {1, 2, 3}, store.loadSafety().orElseThrow());
      assertTrue(store.block(2).isEmpty());
    }
  }
}
