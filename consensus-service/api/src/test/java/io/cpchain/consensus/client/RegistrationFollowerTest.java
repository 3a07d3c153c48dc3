package io.cpchain.consensus.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cpchain.consensus.api.Block;
import io.cpchain.consensus.api.BlockHeader;
import io.cpchain.consensus.api.CommittedBlock;
import io.cpchain.consensus.api.Hash;
import io.cpchain.consensus.api.Payload;
import io.cpchain.consensus.api.Transaction;
import io.cpchain.crypto.pre.UmbralSecretKey;
import io.cpchain.crypto.sign.AccountPrivateKey;
import io.cpchain.crypto.sign.Address;
import io.cpchain.crypto.sign.Ed25519PrivateKey;
import io.cpchain.crypto.sign.Ed25519PublicKey;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * A block carries a stranger's refused takeover as well as the owner's registration: the follower
 * hands out only what the chain accepted, by replaying the chain's own rules, also after a restore.
 */
class RegistrationFollowerTest {

  final BlockFollowerTest chain = new BlockFollowerTest();
  final AccountPrivateKey owner = AccountPrivateKey.generate();
  final AccountPrivateKey stranger = AccountPrivateKey.generate();
  final Ed25519PublicKey ownersKey = Ed25519PrivateKey.generate().publicKey();
  final Ed25519PublicKey rotatedKey = Ed25519PrivateKey.generate().publicKey();
  Hash last = Hash.ZERO;

  void append(long timestampMs, Transaction... txs) {
    long height = chain.served.size() + 1;
    Block block = new Block(new BlockHeader(BlockFollowerTest.CHAIN, height, 0, last,
        chain.validators.get(0).publicKey().address(), timestampMs, Block.txRoot(List.of(txs)), Hash.ZERO),
        List.of(txs));
    chain.served.put(height, new CommittedBlock(block, BlockFollowerTest.certificate(block,
        chain.validators.subList(0, 3))));
    last = block.hash();
  }

  static Transaction tx(AccountPrivateKey sender, long nonce, Payload payload) {
    return Transaction.sign(sender, BlockFollowerTest.CHAIN, nonce, payload);
  }

  BlockFollower.BlockSource source() {
    return height -> Optional.ofNullable(chain.served.get(height));
  }

  @Test
  void aRefusedTakeoverInABlockIsNotHandedOutAndTheOwnersRotationIs() {
    Transaction ownerRoot = tx(owner, 0, new Payload.RegisterOwner(UmbralSecretKey.generate().publicKey(), 0));
    Transaction device = tx(owner, 1, new Payload.RegisterDevice("veh-1", ownersKey, 100, 0));
    Transaction strangerRoot = tx(stranger, 0, new Payload.RegisterOwner(UmbralSecretKey.generate().publicKey(), 0));
    Transaction transfer = tx(stranger, 1, new Payload.Transfer(owner.publicKey().address(), 1));
    Transaction takeover = tx(stranger, 2, new Payload.RegisterDevice("veh-1",
        Ed25519PrivateKey.generate().publicKey(), 5_000, 0));
    Transaction strangersRetire = tx(stranger, 3, new Payload.RetireDevice("veh-1"));
    Transaction rotation = tx(owner, 2, new Payload.RegisterDevice("veh-1", rotatedKey, 6_000, 0));
    append(1_000, ownerRoot, device, strangerRoot, transfer);
    append(2_000, takeover, strangersRetire, rotation);

    RegistrationFollower follower = new RegistrationFollower(source(), chain.genesis);
    RegistrationFollower.Registrations first = follower.poll().orElseThrow();
    assertEquals(List.of(ownerRoot, device, strangerRoot), first.accepted(), "no transfer: identities only");
    assertEquals(1_000, first.timestampMs());
    RegistrationFollower.Registrations second = follower.poll().orElseThrow();
    assertEquals(2, second.height());
    assertEquals(List.of(rotation), second.accepted(), "the stranger's takeover and retirement were refused");
    assertEquals(Optional.empty(), follower.poll());
    Address ownerAddress = owner.publicKey().address();
    assertEquals(ownerAddress, follower.identities().device("veh-1").orElseThrow().owner());
    assertEquals(rotatedKey, follower.identities().device("veh-1").orElseThrow().keyAt(6_000).orElseThrow()
        .publicKey());
  }

  @Test
  void aRestoredFollowerReplaysTheChainSilentlyAndGoesOnWithTheNextBlockOnly() {
    Transaction ownerRoot = tx(owner, 0, new Payload.RegisterOwner(UmbralSecretKey.generate().publicKey(), 0));
    Transaction device = tx(owner, 1, new Payload.RegisterDevice("veh-1", ownersKey, 100, 0));
    Transaction strangerRoot = tx(stranger, 0, new Payload.RegisterOwner(UmbralSecretKey.generate().publicKey(), 0));
    append(1_000, ownerRoot, device, strangerRoot);
    RegistrationFollower first = new RegistrationFollower(source(), chain.genesis);
    first.poll().orElseThrow();
    BlockFollower.Position saved = first.position();

    Transaction takeover = tx(stranger, 1, new Payload.RegisterDevice("veh-1", rotatedKey, 5_000, 0));
    Transaction secondDevice = tx(stranger, 2, new Payload.RegisterDevice("veh-2", rotatedKey, 5_000, 0));
    append(2_000, takeover, secondDevice);
    RegistrationFollower restored = RegistrationFollower.resume(source(), chain.genesis, saved);
    RegistrationFollower.Registrations next = restored.poll().orElseThrow();
    assertEquals(2, next.height(), "block 1 is not handed out again");
    assertEquals(List.of(secondDevice), next.accepted(), "the replay knows veh-1 is the owner's");

    BlockFollower.Position otherChain = new BlockFollower.Position(2, Hash.keccak(new byte[] {1}));
    RegistrationFollower misled = RegistrationFollower.resume(source(), chain.genesis, otherChain);
    assertTrue(assertThrows(BlockFollower.UnverifiedBlockException.class, misled::poll).getMessage()
        .startsWith("block 1 refused: it is not the block checkpointed ("));
  }
}
