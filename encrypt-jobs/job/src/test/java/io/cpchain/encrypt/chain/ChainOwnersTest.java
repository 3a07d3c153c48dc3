package io.cpchain.encrypt.chain;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.cpchain.consensus.api.Hash;
import io.cpchain.consensus.api.Identities;
import io.cpchain.consensus.api.Payload;
import io.cpchain.consensus.api.Transaction;
import io.cpchain.consensus.client.RegistrationFollower;
import io.cpchain.crypto.pre.UmbralSecretKey;
import io.cpchain.crypto.sign.AccountPrivateKey;
import io.cpchain.crypto.sign.Ed25519PrivateKey;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChainOwnersTest {

  private final AccountPrivateKey owner = AccountPrivateKey.generate();
  private final Identities identities = new Identities();

  @Test
  void anOwnersRegistrationAndRotationGiveItsRootKeysAndADevicesRegistrationItsOwner() {
    UmbralSecretKey first = UmbralSecretKey.generate();
    UmbralSecretKey rotated = UmbralSecretKey.generate();
    Transaction registered = accepted(0, new Payload.RegisterOwner(first.publicKey(), 0), 5);
    Transaction device = accepted(1, new Payload.RegisterDevice("veh-1", Ed25519PrivateKey.generate().publicKey(), 0, 0), 5);
    String id = owner.publicKey().address().toHex();

    List<ChainIdentity> facts = new ChainOwners().of(block(5, registered, device), identities);
    assertEquals(2, facts.size());
    assertArrayEquals(first.publicKey().toBytes(), facts.get(0).rootKey());
    assertEquals(List.of(id, id), facts.stream().map(ChainIdentity::ownerId).toList());
    assertEquals("veh-1", facts.get(1).deviceId());

    Transaction rotation = accepted(2, new Payload.RegisterOwner(rotated.publicKey(), 2_000_000), 9);
    List<ChainIdentity> after = new ChainOwners().of(block(9, rotation), identities);
    assertEquals(List.of(0L, 2_000_000L), after.stream().map(ChainIdentity::effectiveFromMs).toList(),
        "every root key the owner holds, the rotated one in force from its stated time");
    assertArrayEquals(rotated.publicKey().toBytes(), after.get(1).rootKey());
  }

  private Transaction accepted(long nonce, Payload payload, long height) {
    Transaction tx = Transaction.sign(owner, 1, nonce, payload);
    identities.apply(tx.sender(), payload, height, 1_000_000, tx.hash());
    return tx;
  }

  private static RegistrationFollower.Registrations block(long height, Transaction... accepted) {
    return new RegistrationFollower.Registrations(height, Hash.ZERO, 1_000_000, List.of(accepted));
  }
}
