package io.cpchain.consensus.client;

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
import io.cpchain.consensus.api.ValidatorSet;
import io.cpchain.consensus.api.Vote;
import io.cpchain.crypto.sign.AccountPrivateKey;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * A follower hands out each final block once, in height order, and refuses one whose certificate
 * does not verify against the genesis validators, that does not extend the last, or whose
 * transactions are not the ones its header commits to. Blocks are real, signed by real keys.
 */
class BlockFollowerTest {

  static final long CHAIN = 3;
  final List<AccountPrivateKey> validators = IntStream.range(0, 4).mapToObj(i -> AccountPrivateKey.generate()).toList();
  final List<AccountPrivateKey> strangers = IntStream.range(0, 3).mapToObj(i -> AccountPrivateKey.generate()).toList();
  final ValidatorSet genesis = new ValidatorSet(CHAIN, validators.stream().map(k -> k.publicKey().address()).toList());
  final AccountPrivateKey sender = AccountPrivateKey.generate();
  /** What the (possibly lying) node serves, by height. */
  final Map<Long, CommittedBlock> served = new HashMap<>();

  Block block(long height, Hash prevHash, long nonce) {
    List<Transaction> txs = List.of(Transaction.sign(sender, CHAIN, nonce, new Payload.RetireDevice("veh-" + height)));
    return new Block(new BlockHeader(CHAIN, height, 0, prevHash, validators.get(0).publicKey().address(), height,
        Block.txRoot(txs), Hash.ZERO), txs);
  }

  static QuorumCertificate certificate(Block block, List<AccountPrivateKey> signers) {
    return new QuorumCertificate(CHAIN, block.height(), 0, block.hash(), signers.stream().map(k -> Vote.sign(k,
        Vote.VoteType.PRECOMMIT, CHAIN, block.height(), 0, block.hash()).signature()).toList());
  }

  /** Blocks 1..n, each extending the last, each certified by three of the four validators. */
  List<CommittedBlock> chain(int n) {
    Hash prev = Hash.ZERO;
    for (long h = 1; h <= n; h++) {
      Block block = block(h, prev, h - 1);
      served.put(h, new CommittedBlock(block, certificate(block, validators.subList(1, 4))));
      prev = block.hash();
    }
    return IntStream.rangeClosed(1, n).mapToObj(h -> served.get((long) h)).toList();
  }

  BlockFollower follower(long from) {
    return new BlockFollower(height -> Optional.ofNullable(served.get(height)), genesis,
        BlockFollower.Position.start(from));
  }

  @Test
  void aForgedOrShortCertificateIsRefusedAndTheFollowerDoesNotMoveOn() {
    List<CommittedBlock> genuine = chain(3);
    Block second = genuine.get(1).block();
    BlockFollower follower = follower(1);
    assertEquals(genuine.get(0), follower.poll().orElseThrow());

    served.put(2L, new CommittedBlock(second, certificate(second, strangers)));
    BlockFollower.UnverifiedBlockException forged = assertThrows(BlockFollower.UnverifiedBlockException.class,
        follower::poll);
    assertTrue(forged.getMessage().startsWith("block 2 refused: signer "), forged.getMessage());
    assertTrue(forged.getMessage().endsWith(" is not a validator"), forged.getMessage());

    served.put(2L, new CommittedBlock(second, certificate(second, validators.subList(0, 2))));
    assertEquals("block 2 refused: only 2 of 3 needed signatures",
        assertThrows(BlockFollower.UnverifiedBlockException.class, follower::poll).getMessage());

    served.put(2L, new CommittedBlock(second, certificate(second, List.of(validators.get(0), validators.get(0),
        validators.get(1)))));
    assertTrue(assertThrows(BlockFollower.UnverifiedBlockException.class, follower::poll).getMessage()
        .endsWith("counted twice"));

    assertEquals(2, follower.position().nextHeight(), "nothing refused is handed out or skipped");
    served.put(2L, genuine.get(1));
    assertEquals(genuine.get(1), follower.poll().orElseThrow());
    assertEquals(genuine.get(2), follower.poll().orElseThrow());
    assertEquals(Optional.empty(), follower.poll(), "no block 4 yet");
  }

  @Test
  void aCertifiedBlockThatDoesNotExtendTheLastOrCarriesOtherTransactionsIsRefused() {
    List<CommittedBlock> genuine = chain(2);
    BlockFollower follower = follower(1);
    follower.poll().orElseThrow();

    Block fork = block(2, Hash.keccak(new byte[] {9}), 1);
    served.put(2L, new CommittedBlock(fork, certificate(fork, validators.subList(0, 3))));
    assertTrue(assertThrows(BlockFollower.UnverifiedBlockException.class, follower::poll).getMessage()
        .startsWith("block 2 refused: it does not extend block 1"));

    Block header = genuine.get(1).block();
    Block otherTxs = new Block(header.header(), List.of(Transaction.sign(sender, CHAIN, 1,
        new Payload.RetireDevice("someone-elses"))));
    served.put(2L, new CommittedBlock(otherTxs, genuine.get(1).qc()));
    assertEquals("block 2 refused: its transactions are not the ones its header commits to (txRoot)",
        assertThrows(BlockFollower.UnverifiedBlockException.class, follower::poll).getMessage());

    served.put(2L, genuine.get(0));
    assertEquals("block 2 refused: the node sent block 1",
        assertThrows(BlockFollower.UnverifiedBlockException.class, follower::poll).getMessage());
  }

  @Test
  void aFollowerRestoredFromItsPositionGoesOnWithTheNextBlockOnly() {
    List<CommittedBlock> genuine = chain(3);
    BlockFollower first = follower(1);
    first.poll().orElseThrow();
    BlockFollower.Position saved = first.position();
    assertEquals(new BlockFollower.Position(2, genuine.get(0).block().hash()), saved);

    BlockFollower restored = new BlockFollower(height -> Optional.ofNullable(served.get(height)), genesis, saved);
    assertEquals(genuine.get(1), restored.poll().orElseThrow());
    Block fork = block(3, Hash.keccak(new byte[] {7}), 2);
    served.put(3L, new CommittedBlock(fork, certificate(fork, validators.subList(1, 4))));
    assertThrows(BlockFollower.UnverifiedBlockException.class, restored::poll, "linkage holds across a restore");
  }
}
