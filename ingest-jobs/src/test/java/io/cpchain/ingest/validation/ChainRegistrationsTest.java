package io.cpchain.ingest.validation;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.cpchain.consensus.api.Identities;
import io.cpchain.consensus.api.Payload;
import io.cpchain.consensus.api.Transaction;
import io.cpchain.consensus.client.RegistrationFollower;
import io.cpchain.crypto.pre.UmbralSecretKey;
import io.cpchain.crypto.sign.AccountPrivateKey;
import io.cpchain.crypto.sign.Ed25519PrivateKey;
import io.cpchain.crypto.sign.Ed25519PublicKey;
import io.cpchain.schemas.DeviceRegistration;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What a block's accepted identity transactions make of the ingest job's registrations. */
class ChainRegistrationsTest {

  private final ChainRegistrations registrations = new ChainRegistrations();
  private final Identities chain = new Identities();
  private final AccountPrivateKey owner = AccountPrivateKey.generate();
  private final AccountPrivateKey stranger = AccountPrivateKey.generate();
  private long nonce;
  private long height;

  @Test
  void aDeviceIsRegisteredUnderItsOwnersAddressWithItsNewestKeyUntilItEnds() {
    Ed25519PublicKey first = Ed25519PrivateKey.generate().publicKey();
    assertEquals(List.of(), block(1_000, tx(owner, ownerKey())), "an owner alone registers no device");
    assertEquals(List.of(registration("veh-1", first, 500, 0)),
        block(2_000, tx(owner, new Payload.RegisterDevice("veh-1", first, 500, 0))));

    Ed25519PublicKey rotated = Ed25519PrivateKey.generate().publicKey();
    Ed25519PublicKey expiring = Ed25519PrivateKey.generate().publicKey();
    assertEquals(List.of(registration("veh-1", rotated, 3_000, 0), registration("veh-2", expiring, 0, 9_000)),
        block(3_000, tx(owner, new Payload.RegisterDevice("veh-1", rotated, 3_000, 0)),
            tx(owner, new Payload.RegisterDevice("veh-2", expiring, 0, 9_000))));

    assertEquals(List.of(registration("veh-1", rotated, 3_000, 4_000)),
        block(4_000, tx(owner, new Payload.RetireDevice("veh-1"))), "retired at its block's time");
  }

  @Test
  void aStrangersRefusedTakeoverIsNotInTheBlockItsFollowerHandsOut() {
    Ed25519PublicKey genuine = Ed25519PrivateKey.generate().publicKey();
    block(1_000, tx(owner, ownerKey()), tx(owner, new Payload.RegisterDevice("veh-1", genuine, 0, 0)),
        tx(stranger, ownerKey()));
    assertEquals(List.of(), block(2_000, tx(stranger, new Payload.RegisterDevice("veh-1",
        Ed25519PrivateKey.generate().publicKey(), 2_000, 0)), tx(stranger, new Payload.RetireDevice("veh-1"))));
  }

  private Payload.RegisterOwner ownerKey() {
    return new Payload.RegisterOwner(UmbralSecretKey.generate().publicKey(), 0);
  }

  private Transaction tx(AccountPrivateKey sender, Payload payload) {
    return Transaction.sign(sender, 1, nonce++, payload);
  }

  /** Applies the transactions as the chain does and hands the accepted ones on as RegistrationFollower does. */
  private List<ChainUpdate> block(long timeMs, Transaction... txs) {
    height++;
    List<Transaction> accepted = new ArrayList<>();
    for (Transaction tx : txs) {
      if (chain.apply(tx.sender(), tx.payload(), height, timeMs, tx.hash()).ok()) {
        accepted.add(tx);
      }
    }
    return registrations.of(new RegistrationFollower.Registrations(height, tx(owner, ownerKey()).hash(), timeMs,
        accepted), chain.copy());
  }

  private ChainUpdate registration(String deviceId, Ed25519PublicKey key, long validFromMs, long validToMs) {
    return ChainUpdate.of(DeviceRegistration.newBuilder().setDeviceId(deviceId).setOwnerId(owner.publicKey().address().toHex())
        .setKeyId(key.keyId()).setPublicKey(ByteBuffer.wrap(key.toBytes())).setValidFromMs(validFromMs)
        .setValidToMs(validToMs).build());
  }
}
